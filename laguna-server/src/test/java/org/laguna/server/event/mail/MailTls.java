package org.laguna.server.event.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;

/**
 * The TLS identity of the mail servers of the tests, made once per test run: a CA (its PEM file is
 * what hermes is told to trust) and a certificate for 127.0.0.1 and localhost it signed, in a
 * PKCS#12 key store (GreenMail's SMTPS reads it through its {@code greenmail.tls.keystore.*}
 * system properties) and as a server-side SSL context.
 */
final class MailTls {
    static final String PASSWORD = "changeit";
    private static MailTls instance;

    private final Path caPem;
    private final Path keyStore;
    private final SSLContext serverContext;

    private MailTls(Path caPem, Path keyStore, SSLContext serverContext) {
        this.caPem = caPem;
        this.keyStore = keyStore;
        this.serverContext = serverContext;
    }

    /** The one identity of this run; GreenMail's SMTPS is pointed at it at the first call. */
    static synchronized MailTls get() {
        if (instance == null) {
            instance = create();
            System.setProperty("greenmail.tls.keystore.file", instance.keyStore.toString());
            System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        }
        return instance;
    }

    Path caPem() {
        return caPem;
    }

    SSLContext serverContext() {
        return serverContext;
    }

    private static MailTls create() {
        try {
            Path dir = Files.createTempDirectory("laguna-mail-tls");
            KeyPair caKeys = keys();
            X500Name caName = new X500Name("O=Laguna tests,CN=Mail test CA");
            X509v3CertificateBuilder ca = builder(caName, caName, caKeys);
            ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate caCertificate = sign(ca, caKeys);

            KeyPair hostKeys = keys();
            X509v3CertificateBuilder host = builder(caName, new X500Name("O=Laguna tests,CN=127.0.0.1"), hostKeys);
            host.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            host.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            host.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            X509Certificate hostCertificate = sign(host, caKeys);

            Path caPem = dir.resolve("ca.pem");
            Files.writeString(caPem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(caCertificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n");
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("mail", hostKeys.getPrivate(), PASSWORD.toCharArray(), new X509Certificate[] {hostCertificate, caCertificate});
            Path keyStore = dir.resolve("mail.p12");
            try (OutputStream out = Files.newOutputStream(keyStore)) {
                store.store(out, PASSWORD.toCharArray());
            }
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return new MailTls(caPem, keyStore, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair keys() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()).add(BigInteger.valueOf(System.nanoTime() & 0xffff)),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(builder.build(new RsaSigner(signer.getPrivate())));
    }

    /** SHA256withRSA through the JDK (bcpkix's own signer builder wants a newer bcprov than the project's). */
    private static final class RsaSigner implements ContentSigner {
        private final Signature signature;
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();

        RsaSigner(PrivateKey key) throws GeneralSecurityException {
            signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        }

        @Override
        public OutputStream getOutputStream() {
            return content;
        }

        @Override
        public byte[] getSignature() {
            try {
                signature.update(content.toByteArray());
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
