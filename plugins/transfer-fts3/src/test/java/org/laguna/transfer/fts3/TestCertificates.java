package org.laguna.transfer.fts3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway certificate authority with a server certificate for 127.0.0.1 and a client
 * certificate, made with the JDK's keytool, and written out the way grid sites keep them: PEM
 * certificate and key files, and a proxy-style file with certificate, key and chain in one.
 */
final class TestCertificates {
    static final String CLIENT_SUBJECT = "CN=Laguna Test Client,O=Laguna";
    private static final String PASSWORD = "changeit";

    final Path caPem;
    final Path clientCertificatePem;
    final Path clientKeyPem;
    final Path clientProxyPem;
    final Path serverKeyStore;
    /** A certificate request as FTS3 hands one out for a delegation, and the public key it asks a certificate for. */
    final String delegationRequestPem;
    final java.security.PublicKey delegationRequestKey;
    private final Path caKeyStore;

    private TestCertificates(Path directory) throws Exception {
        caKeyStore = directory.resolve("ca.p12");
        caPem = directory.resolve("ca.pem");
        serverKeyStore = directory.resolve("server.p12");
        Path clientKeyStore = directory.resolve("client.p12");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=Laguna Test CA,O=Laguna",
                "-ext", "bc:c", "-validity", "2", "-keystore", caKeyStore.toString());
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", caKeyStore.toString(), "-file", caPem.toString());
        signed(directory, serverKeyStore, "server", "CN=localhost,O=Laguna", "san=ip:127.0.0.1,dns:localhost");
        Path clientChain = signed(directory, clientKeyStore, "client", CLIENT_SUBJECT, "eku=clientAuth");

        KeyStore client = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(clientKeyStore)) {
            client.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) client.getKey("client", PASSWORD.toCharArray());
        Path ftsKeyStore = directory.resolve("fts-delegation.p12");
        Path ftsRequest = directory.resolve("fts-delegation.csr");
        keytool("-genkeypair", "-alias", "fts", "-keyalg", "RSA", "-keysize", "2048", "-dname", "O=Dummy", "-validity", "2",
                "-keystore", ftsKeyStore.toString());
        keytool("-certreq", "-alias", "fts", "-keystore", ftsKeyStore.toString(), "-file", ftsRequest.toString());
        delegationRequestPem = Files.readString(ftsRequest);
        KeyStore fts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(ftsKeyStore)) {
            fts.load(in, PASSWORD.toCharArray());
        }
        delegationRequestKey = fts.getCertificate("fts").getPublicKey();

        String certificate = Files.readString(clientChain);
        clientCertificatePem = Files.writeString(directory.resolve("usercert.pem"), certificate);
        clientKeyPem = Files.writeString(directory.resolve("userkey.pem"), pem("PRIVATE KEY", key.getEncoded()));
        // a grid proxy keeps its certificate first, then an RSA (PKCS#1) key, then the rest of the chain
        String[] certificates = certificate.split("(?<=-----END CERTIFICATE-----)\\s*");
        clientProxyPem = Files.writeString(directory.resolve("x509up_u0"), certificates[0] + "\n"
                + pem("RSA PRIVATE KEY", pkcs1(key.getEncoded())) + String.join("\n", Arrays.copyOfRange(certificates, 1, certificates.length))
                + "\n" + Files.readString(caPem));
    }

    static TestCertificates create(Path directory) {
        try {
            return new TestCertificates(directory);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test certificates with keytool", e);
        }
    }

    /** The server's TLS context: its own certificate, and the test CA as the only trusted issuer of clients. */
    SSLContext serverContext() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(serverKeyStore)) {
                keys.load(in, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, PASSWORD.toCharArray());
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", PemFiles.certificates(caPem).get(0));
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes a key pair in its own store, has the CA sign it, and returns the PEM chain (leaf, CA). */
    private Path signed(Path directory, Path keyStore, String alias, String subject, String extension) throws IOException, InterruptedException {
        Path request = directory.resolve(alias + ".csr");
        Path chain = directory.resolve(alias + "-chain.pem");
        keytool("-genkeypair", "-alias", alias, "-keyalg", "RSA", "-keysize", "2048", "-dname", subject, "-validity", "2",
                "-keystore", keyStore.toString());
        keytool("-certreq", "-alias", alias, "-keystore", keyStore.toString(), "-file", request.toString());
        keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", caKeyStore.toString(), "-infile", request.toString(),
                "-outfile", chain.toString(), "-ext", extension, "-validity", "2");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", keyStore.toString());
        Files.writeString(chain, Files.readString(chain) + Files.readString(caPem));
        keytool("-importcert", "-noprompt", "-alias", alias, "-file", chain.toString(), "-keystore", keyStore.toString());
        return chain;
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        process.getInputStream().transferTo(output);
        if (process.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", arguments) + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The PKCS#1 key inside a PKCS#8 RSA key: the content of its last element, an OCTET STRING. */
    private static byte[] pkcs1(byte[] pkcs8) {
        int[] outer = header(pkcs8, 0);
        int position = outer[0];
        int end = outer[0] + outer[1];
        byte[] last = null;
        while (position < end) {
            int[] element = header(pkcs8, position);
            if ((pkcs8[position] & 0xff) == 0x04) {
                last = Arrays.copyOfRange(pkcs8, element[0], element[0] + element[1]);
            }
            position = element[0] + element[1];
        }
        return last;
    }

    /** The offset of an element's content and its length. */
    private static int[] header(byte[] der, int offset) {
        int first = der[offset + 1] & 0xff;
        if (first < 0x80) {
            return new int[] {offset + 2, first};
        }
        int count = first & 0x7f;
        int length = 0;
        for (int i = 0; i < count; i++) {
            length = (length << 8) | (der[offset + 2 + i] & 0xff);
        }
        return new int[] {offset + 2 + count, length};
    }
}
