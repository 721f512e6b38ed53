package org.laguna.server.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The HTTPS listener: the server's certificate and, when a CA directory is configured, optional
 * client certificates (asked for, not required: calls without one go on as over HTTP).
 */
public final class HttpsListener {
    private final TlsConfig config;
    private final SslContextFactory.Server sslContextFactory;
    private final Optional<ClientCertificateTrust> trust;
    private volatile ServerConnector connector;

    private HttpsListener(TlsConfig config, SslContextFactory.Server sslContextFactory, Optional<ClientCertificateTrust> trust) {
        this.config = config;
        this.sslContextFactory = sslContextFactory;
        this.trust = trust;
    }

    /** Reads the certificate, key and CAs; configuration errors are reported before anything listens. */
    public static HttpsListener create(TlsConfig config) {
        Objects.requireNonNull(config, "config is null");
        if (!config.enabled()) {
            throw new IllegalArgumentException("HTTPS is not enabled (server.https-port)");
        }
        Optional<ClientCertificateTrust> trust = config.caDirectory().map(ClientCertificateTrust::fromDirectory);
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(config), trust.map(t -> new TrustManager[] {t}).orElse(null), null);
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setSslContext(context);
            factory.setWantClientAuth(trust.isPresent());
            factory.setNeedClientAuth(false);
            return new HttpsListener(config, factory, trust);
        } catch (GeneralSecurityException e) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "cannot set up HTTPS: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(TlsConfig config) throws GeneralSecurityException {
        char[] password = config.keystorePassword().toCharArray();
        KeyStore store;
        if (config.keystore().isPresent()) {
            try {
                store = KeyStore.getInstance(config.keystore().get().toFile(), password);
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "cannot read server.tls.keystore " + config.keystore().get()
                        + ": " + e.getMessage(), e);
            }
        } else {
            List<X509Certificate> chain = Pem.certificates(config.certificate().orElseThrow());
            if (chain.isEmpty()) {
                throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "server.tls.certificate " + config.certificate().get()
                        + " holds no certificate");
            }
            PrivateKey key = Pem.privateKey(config.key().orElseThrow());
            store = KeyStore.getInstance("PKCS12");
            try {
                store.load(null, null);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            store.setKeyEntry("laguna", key, password, chain.toArray(X509Certificate[]::new));
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory.getKeyManagers();
    }

    /** The plain HTTP connector, as Javalin makes it when it is given no other. */
    public static Connector plainConnector(Server server, HttpConfiguration http, String host, int port) {
        ServerConnector plain = new ServerConnector(server, new HttpConnectionFactory(http));
        plain.setHost(host);
        plain.setPort(port);
        return plain;
    }

    /** The connector Javalin adds to its Jetty server, on the HTTP listener's host. */
    public Connector connector(Server server, HttpConfiguration http, String host) {
        HttpConfiguration https = new HttpConfiguration(http);
        // one certificate for every name: no SNI required or matched against it
        https.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        ServerConnector created = new ServerConnector(server, new SslConnectionFactory(sslContextFactory, HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        created.setHost(host);
        created.setPort(config.httpsPort().orElseThrow());
        connector = created;
        return created;
    }

    /** The port HTTPS is served on (the one picked when configured as 0), once started. */
    public int port() {
        ServerConnector current = connector;
        if (current == null) {
            throw new IllegalStateException("the HTTPS listener is not started");
        }
        return current.getLocalPort();
    }

    /** The CAs client certificates are checked against, when a CA directory is configured. */
    public Optional<ClientCertificateTrust> trust() {
        return trust;
    }
}
