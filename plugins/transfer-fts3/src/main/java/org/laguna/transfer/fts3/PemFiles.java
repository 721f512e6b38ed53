package org.laguna.transfer.fts3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Builds a TLS context from PEM files: a client certificate chain and its key (one file, as a grid
 * proxy is, or two), and the CAs to trust. Keys may be PKCS#8 ({@code PRIVATE KEY}) or PKCS#1
 * ({@code RSA PRIVATE KEY}, what grid proxies hold); encrypted keys are not supported.
 */
final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemFiles() {
    }

    /** A client's key and its certificate chain, the key's certificate first. */
    record ClientCredential(PrivateKey key, List<X509Certificate> chain) {
        ClientCredential {
            chain = List.copyOf(chain);
        }
    }

    /** The client certificate and key of the settings, or empty when none is set. */
    static Optional<ClientCredential> clientCredential(Fts3Config config) {
        if (config.certificate().isEmpty()) {
            return Optional.empty();
        }
        try {
            Path certificateFile = config.certificate().get();
            List<X509Certificate> certificates = certificates(certificateFile);
            if (certificates.isEmpty()) {
                throw unreadable(certificateFile, "holds no CERTIFICATE block");
            }
            PrivateKey key = privateKey(config.privateKey().orElse(certificateFile));
            return Optional.of(new ClientCredential(key, chain(certificates, key)));
        } catch (GeneralSecurityException | IOException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.fts3: cannot read the client certificate: " + e.getMessage(), e);
        }
    }

    /** The TLS context for the settings, or empty when neither a client certificate nor CAs are set. */
    static Optional<SSLContext> sslContext(Fts3Config config, Optional<ClientCredential> credential) {
        if (credential.isEmpty() && config.caCertificates().isEmpty()) {
            return Optional.empty();
        }
        try {
            KeyManagerFactory keyManagers = null;
            if (credential.isPresent()) {
                KeyStore keyStore = KeyStore.getInstance("PKCS12");
                keyStore.load(null, null);
                keyStore.setKeyEntry("client", credential.get().key(), NO_PASSWORD, credential.get().chain().toArray(X509Certificate[]::new));
                keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keyManagers.init(keyStore, NO_PASSWORD);
            }
            TrustManagerFactory trustManagers = null;
            if (config.caCertificates().isPresent()) {
                KeyStore trustStore = KeyStore.getInstance("PKCS12");
                trustStore.load(null, null);
                int index = 0;
                for (X509Certificate ca : trustedCertificates(config.caCertificates().get())) {
                    trustStore.setCertificateEntry("ca-" + index++, ca);
                }
                if (index == 0) {
                    throw unreadable(config.caCertificates().get(), "holds no CERTIFICATE block");
                }
                trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trustStore);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers == null ? null : keyManagers.getKeyManagers(),
                    trustManagers == null ? null : trustManagers.getTrustManagers(), new SecureRandom());
            return Optional.of(context);
        } catch (GeneralSecurityException | IOException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.fts3: cannot build the TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * The certificate of the key first, then its issuers as far as the file has them; duplicates
     * and unrelated certificates are left out (a proxy file may repeat the CA of its chain).
     */
    static List<X509Certificate> chain(List<X509Certificate> certificates, PrivateKey key) {
        X509Certificate leaf = certificates.stream().filter(c -> matches(c, key)).findFirst().orElse(certificates.get(0));
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!current.getIssuerX500Principal().equals(current.getSubjectX500Principal())) {
            X509Certificate child = current;
            Optional<X509Certificate> issuer = certificates.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                    .filter(c -> !chain.contains(c))
                    .findFirst();
            if (issuer.isEmpty()) {
                break;
            }
            current = issuer.get();
            chain.add(current);
        }
        return chain;
    }

    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        return certificate.getPublicKey() instanceof RSAPublicKey publicKey && key instanceof RSAPrivateKey privateKey
                && publicKey.getModulus().equals(privateKey.getModulus());
    }

    private static List<X509Certificate> trustedCertificates(Path location) throws IOException, CertificateException {
        if (!Files.isDirectory(location)) {
            return certificates(location);
        }
        List<X509Certificate> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(location)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                all.addAll(certificates(file));
            }
        }
        return all;
    }

    static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (Block block : blocks(read(file))) {
            if (block.type().equals("CERTIFICATE")) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        return certificates;
    }

    static PrivateKey privateKey(Path file) throws IOException, GeneralSecurityException {
        for (Block block : blocks(read(file))) {
            switch (block.type()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der());
                }
                case "RSA PRIVATE KEY" -> {
                    return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(wrapRsaPkcs1(block.der())));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw unreadable(file, "holds an encrypted key; give an unencrypted one (chmod 600)");
                default -> {
                    // certificates and other blocks are skipped
                }
            }
        }
        throw unreadable(file, "holds no PRIVATE KEY or RSA PRIVATE KEY block");
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }

    /** Wraps a PKCS#1 RSA key in a PKCS#8 structure: version 0, the rsaEncryption algorithm, the key. */
    static byte[] wrapRsaPkcs1(byte[] pkcs1) {
        return Der.sequence(Der.integer(BigInteger.ZERO), Der.sequence(Der.oid("1.2.840.113549.1.1.1"), Der.nullValue()), Der.octetString(pkcs1));
    }

    private static String read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw unreadable(file, "cannot be read");
        }
        return Files.readString(file, StandardCharsets.US_ASCII);
    }

    private static List<Block> blocks(String pem) {
        List<Block> blocks = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(pem);
        while (matcher.find()) {
            if (matcher.group(2).contains(":")) {
                // legacy OpenSSL encryption headers (Proc-Type, DEK-Info)
                blocks.add(new Block("ENCRYPTED PRIVATE KEY", new byte[0]));
                continue;
            }
            blocks.add(new Block(matcher.group(1), Base64.getMimeDecoder().decode(matcher.group(2))));
        }
        return blocks;
    }

    private static LagunaException unreadable(Path file, String problem) {
        return new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.fts3: " + file + " " + problem);
    }

    private record Block(String type, byte[] der) {
    }
}
