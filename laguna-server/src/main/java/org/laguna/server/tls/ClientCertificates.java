package org.laguna.server.tls;

import io.javalin.http.Context;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The verified client certificate of a call, as the identity forms of its user (see {@link X509Subjects}). */
public final class ClientCertificates {
    /** For a server without HTTPS or without a CA directory: no call carries a usable certificate. */
    public static final ClientCertificates NONE = new ClientCertificates(Optional.empty());
    private static final String ATTRIBUTE = "jakarta.servlet.request.X509Certificate";

    private final Optional<ClientCertificateTrust> trust;

    public ClientCertificates(Optional<ClientCertificateTrust> trust) {
        this.trust = trust;
    }

    /**
     * The subject of the user certificate behind the call's client certificate (walking past proxy
     * certificates), Rucio's slash form first; CannotAuthenticate when there is none or it is not
     * (or no longer) trusted.
     */
    public List<String> userIdentityForms(Context ctx) {
        if (trust.isEmpty()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot get DN: this server does not accept client certificates"
                    + " (it needs server.https-port and server.tls.ca-directory)");
        }
        if (!ctx.req().isSecure()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot get DN: X.509 authentication needs HTTPS");
        }
        X509Certificate[] chain = ctx.req().getAttribute(ATTRIBUTE) instanceof X509Certificate[] certificates ? certificates : null;
        if (chain == null || chain.length == 0) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot get DN: no client certificate was presented");
        }
        try {
            // checked at the handshake too; again here, as a connection may outlive a proxy's validity
            trust.get().verify(chain);
        } catch (CertificateException e) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate with the client certificate: " + e.getMessage());
        }
        return X509Subjects.identityForms(chain[X509Subjects.endEntityIndex(chain)].getSubjectX500Principal());
    }
}
