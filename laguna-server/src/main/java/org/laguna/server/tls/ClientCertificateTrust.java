package org.laguna.server.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Decides which client certificates the HTTPS listener accepts: chains that end in a CA of the
 * CA directory (grid style: {@code <hash>.0} PEM files, as in {@code /etc/grid-security/certificates};
 * {@code *.pem} files are read too), optionally led by proxy certificates (RFC 3820 or legacy
 * Globus) that the user certificate issued. The end-entity part is checked by PKIX (signatures,
 * validity, CA constraints; no revocation lists); each proxy certificate must be signed by the
 * certificate after it, extend its subject by one common name, and be within its validity.
 */
public final class ClientCertificateTrust extends X509ExtendedTrustManager {
    private static final Pattern CA_FILE = Pattern.compile(".+\\.(\\d+|pem)");

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> caCertificates;

    private ClientCertificateTrust(List<X509Certificate> caCertificates) {
        this.caCertificates = List.copyOf(caCertificates);
        Set<TrustAnchor> set = new LinkedHashSet<>();
        caCertificates.forEach(ca -> set.add(new TrustAnchor(ca, null)));
        this.anchors = Set.copyOf(set);
    }

    /** The CAs of a directory; a directory without any is a configuration error. */
    public static ClientCertificateTrust fromDirectory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "server.tls.ca-directory " + directory + " is not a directory");
        }
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (CA_FILE.matcher(file.getFileName().toString()).matches() && Files.isRegularFile(file)) {
                    certificates.addAll(Pem.certificates(file));
                }
            }
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "cannot read server.tls.ca-directory " + directory + ": " + e.getMessage(), e);
        }
        if (certificates.isEmpty()) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "server.tls.ca-directory " + directory
                    + " holds no CA certificate (files <hash>.0 or *.pem)");
        }
        return new ClientCertificateTrust(new ArrayList<>(certificates));
    }

    /** Checks a client chain (leaf first); the exception says why it is refused. */
    public void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("no client certificate");
        }
        int endEntity = X509Subjects.endEntityIndex(chain);
        if (endEntity < 0) {
            throw new CertificateException("the chain holds proxy certificates only, not the user certificate that issued them");
        }
        for (int i = endEntity - 1; i >= 0; i--) {
            verifyProxy(chain[i], chain[i + 1]);
        }
        List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain).subList(endEntity, chain.length));
        while (!path.isEmpty() && caCertificates.contains(path.getLast()) && path.size() > 1) {
            path.removeLast();
        }
        if (path.size() == 1 && caCertificates.contains(path.getFirst())) {
            return;
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (CertPathValidatorException e) {
            throw new CertificateException("certificate " + chain[endEntity].getSubjectX500Principal().getName()
                    + " is not valid: " + reason(e), e);
        } catch (InvalidAlgorithmParameterException e) {
            throw new CertificateException("no trusted CA", e);
        } catch (GeneralSecurityException e) {
            throw new CertificateException(e.getMessage(), e);
        }
    }

    private static String reason(CertPathValidatorException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        return switch (e.getReason()) {
            case CertPathValidatorException.BasicReason.EXPIRED -> "it has expired (" + message + ")";
            case CertPathValidatorException.BasicReason.NOT_YET_VALID -> "it is not yet valid (" + message + ")";
            case CertPathValidatorException.BasicReason.INVALID_SIGNATURE -> "its signature does not verify (" + message + ")";
            default -> message.contains("anchor") ? "it is not issued by a trusted CA (" + message + ")" : message;
        };
    }

    private static void verifyProxy(X509Certificate proxy, X509Certificate issuer) throws CertificateException {
        String name = proxy.getSubjectX500Principal().getName();
        if (!proxy.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            throw new CertificateException("proxy certificate " + name + " is not issued by the certificate after it in the chain");
        }
        if (!X509Subjects.extendsByOneCn(X509Subjects.rdns(proxy.getSubjectX500Principal()),
                X509Subjects.rdns(issuer.getSubjectX500Principal()))) {
            throw new CertificateException("proxy certificate " + name + " does not extend its issuer's subject by one common name");
        }
        try {
            proxy.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new CertificateException("proxy certificate " + name + " is not signed by its issuer", e);
        }
        try {
            proxy.checkValidity();
        } catch (CertificateException e) {
            throw new CertificateException("proxy certificate " + name + " is not valid now: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager checks clients only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return caCertificates.toArray(X509Certificate[]::new);
    }
}
