package org.laguna.transfer.fts3;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signs an RFC 3820 proxy certificate for a certificate request with the client's key, as a
 * delegation to FTS3 needs: subject = the signer's subject plus a {@code CN} of the serial number,
 * the request's public key, critical key usage and proxy certificate information (inherit all).
 */
final class ProxyCertificates {
    private static final Pattern REQUEST = Pattern.compile("-----BEGIN (NEW )?CERTIFICATE REQUEST-----([^-]+)-----END (NEW )?CERTIFICATE REQUEST-----");
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private ProxyCertificates() {
    }

    /** A signed proxy: the certificate, and the PEM chain to hand over (proxy first, then the signer's chain). */
    record Proxy(X509Certificate certificate, String pemChain) {
    }

    static Proxy sign(String requestPem, PemFiles.ClientCredential signer, Duration lifetime, Instant now) throws GeneralSecurityException {
        Matcher matcher = REQUEST.matcher(requestPem);
        if (!matcher.find()) {
            throw new GeneralSecurityException("FTS3's delegation request holds no CERTIFICATE REQUEST block");
        }
        byte[] request = Base64.getMimeDecoder().decode(matcher.group(2));
        byte[] subjectPublicKeyInfo = Der.read(request).children().get(0).children().get(2).encoded();

        X509Certificate issuer = signer.chain().get(0);
        Instant notAfter = now.plus(lifetime);
        for (X509Certificate certificate : signer.chain()) {
            if (certificate.getNotAfter().toInstant().isBefore(notAfter)) {
                notAfter = certificate.getNotAfter().toInstant();
            }
        }
        if (!notAfter.isAfter(now)) {
            throw new GeneralSecurityException("the client certificate " + issuer.getSubjectX500Principal() + " has expired");
        }
        BigInteger serial = new BigInteger(62, RANDOM).add(BigInteger.ONE);
        byte[] issuerName = issuer.getSubjectX500Principal().getEncoded();
        byte[] subjectName = Der.sequence(Der.read(issuerName).content(),
                Der.element(Der.SET, Der.sequence(Der.oid("2.5.4.3"), Der.utf8(serial.toString()))));

        boolean rsa = "RSA".equals(signer.key().getAlgorithm());
        String algorithm = rsa ? "SHA256withRSA" : "SHA256withECDSA";
        byte[] algorithmIdentifier = rsa ? Der.sequence(Der.oid("1.2.840.113549.1.1.11"), Der.nullValue())
                : Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
        byte[] keyUsage = Der.sequence(Der.oid("2.5.29.15"), Der.bool(true),
                Der.octetString(Der.element(Der.BIT_STRING, new byte[] {5, (byte) 0xa0}))); // digitalSignature, keyEncipherment
        byte[] proxyCertInfo = Der.sequence(Der.oid("1.3.6.1.5.5.7.1.14"), Der.bool(true),
                Der.octetString(Der.sequence(Der.sequence(Der.oid("1.3.6.1.5.5.7.21.1"))))); // id-ppl-inheritAll
        byte[] toBeSigned = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(serial),
                algorithmIdentifier,
                issuerName,
                Der.sequence(Der.time(now.minus(CLOCK_SKEW).atZone(ZoneOffset.UTC)), Der.time(notAfter.atZone(ZoneOffset.UTC))),
                subjectName,
                subjectPublicKeyInfo,
                Der.explicit(3, Der.sequence(keyUsage, proxyCertInfo)));
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(signer.key());
        signature.update(toBeSigned);
        byte[] certificate = Der.sequence(toBeSigned, algorithmIdentifier, Der.bitString(signature.sign()));

        X509Certificate proxy = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate));
        StringBuilder pem = new StringBuilder(pem(certificate));
        for (X509Certificate link : signer.chain()) {
            pem.append(pem(link.getEncoded()));
        }
        return new Proxy(proxy, pem.toString());
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END CERTIFICATE-----\n";
    }
}
