package org.laguna.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
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
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;

/** Certificates made at test time: CAs, user and host certificates, RFC 3820 proxies, and TLS contexts holding them. */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    /** A certificate with its key and the chain it is presented with (itself first). */
    record Credential(X509Certificate certificate, PrivateKey key, List<X509Certificate> chain) {
    }

    /** A name from RDNs given most significant first, e.g. {@code "DC=org", "DC=laguna", "CN=Alice"}. */
    static X500Name name(String... rdns) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (String rdn : rdns) {
            int eq = rdn.indexOf('=');
            builder.addRDN(BCStyle.INSTANCE.attrNameToOID(rdn.substring(0, eq)), rdn.substring(eq + 1));
        }
        return builder.build();
    }

    static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Credential ca(X500Name subject) {
        KeyPair keys = keyPair();
        X509Certificate certificate = build(subject, subject, keys, keys.getPrivate(), Instant.now().minus(Duration.ofDays(1)),
                Instant.now().plus(Duration.ofDays(30)), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                });
        return new Credential(certificate, keys.getPrivate(), List.of(certificate));
    }

    static Credential user(Credential ca, X500Name subject, Instant notBefore, Instant notAfter) {
        KeyPair keys = keyPair();
        X509Certificate certificate = build(ca.certificate().getSubjectX500Principal().getEncoded(), subject, keys, ca.key(), notBefore, notAfter,
                builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
                });
        return new Credential(certificate, keys.getPrivate(), List.of(certificate));
    }

    static Credential user(Credential ca, X500Name subject) {
        return user(ca, subject, Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(7)));
    }

    static Credential host(Credential ca) {
        KeyPair keys = keyPair();
        X509Certificate certificate = build(ca.certificate().getSubjectX500Principal().getEncoded(), name("O=Laguna", "CN=127.0.0.1"), keys,
                ca.key(), Instant.now().minus(Duration.ofHours(1)), Instant.now().plus(Duration.ofDays(7)), builder -> {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
                });
        return new Credential(certificate, keys.getPrivate(), List.of(certificate));
    }

    /** An RFC 3820 proxy certificate (inherit-all policy) the credential issues: its subject plus {@code CN=<serial>}. */
    static Credential proxy(Credential issuer) {
        KeyPair keys = keyPair();
        long serial = SERIAL.incrementAndGet();
        X500Name issuerName = X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        for (var rdn : issuerName.getRDNs()) {
            subject.addMultiValuedRDN(rdn.getTypesAndValues());
        }
        subject.addRDN(BCStyle.CN, Long.toString(serial));
        X509Certificate certificate = build(issuer.certificate().getSubjectX500Principal().getEncoded(), subject.build(), keys, issuer.key(),
                Instant.now().minus(Duration.ofMinutes(5)), Instant.now().plus(Duration.ofHours(12)), builder -> {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
                    ASN1EncodableVector policy = new ASN1EncodableVector();
                    policy.add(new ASN1ObjectIdentifier("1.3.6.1.5.5.7.21.1"));
                    ASN1EncodableVector info = new ASN1EncodableVector();
                    info.add(new DERSequence(policy));
                    builder.addExtension(new ASN1ObjectIdentifier(X509Subjects.PROXY_CERT_INFO), true, new DERSequence(info));
                });
        List<X509Certificate> chain = new java.util.ArrayList<>();
        chain.add(certificate);
        chain.addAll(issuer.chain());
        return new Credential(certificate, keys.getPrivate(), List.copyOf(chain));
    }

    private interface Extensions {
        void add(X509v3CertificateBuilder builder) throws IOException;
    }

    private static X509Certificate build(X500Name issuer, X500Name subject, KeyPair keys, PrivateKey signer, Instant notBefore,
            Instant notAfter, Extensions extensions) {
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
            extensions.add(builder);
            return new JcaX509CertificateConverter().getCertificate(builder.build(new RsaSigner(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate build(byte[] issuer, X500Name subject, KeyPair keys, PrivateKey signer, Instant notBefore,
            Instant notAfter, Extensions extensions) {
        return build(X500Name.getInstance(issuer), subject, keys, signer, notBefore, notAfter, extensions);
    }

    /**
     * SHA256withRSA through the JDK: bcpkix's own signer builder needs a newer bcprov than the one
     * the project uses.
     */
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

    /** Writes PEM: certificates, or a private key (written in PKCS#1 form for RSA). */
    static Path writePem(Path file, Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client TLS context presenting the credential (or none) and trusting the given CA for the server. */
    static SSLContext clientContext(Credential client, Credential serverCa) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", serverCa.certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (client != null) {
                keys.setKeyEntry("client", client.key(), "pw".toCharArray(), client.chain().toArray(X509Certificate[]::new));
            }
            kmf.init(keys, "pw".toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
