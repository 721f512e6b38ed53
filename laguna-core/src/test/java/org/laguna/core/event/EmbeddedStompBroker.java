package org.laguna.core.event;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager;

/**
 * A real STOMP broker for tests: Apache Artemis in this JVM, on loopback, on a port of its own,
 * accepting one username and password; {@code /queue/NAME} is a queue (kept until read),
 * {@code /topic/NAME} a topic. It can be stopped and started again on the same port.
 */
public final class EmbeddedStompBroker implements AutoCloseable {
    public static final String USER = "hermes";
    public static final String PASSWORD = "hermes-secret";

    private final int port;
    private final Path dir;
    private EmbeddedActiveMQ server;
    private TestCertificates tls;
    private int tlsPort;

    private EmbeddedStompBroker(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** A broker not started yet, on a port free now (nothing listens there until {@link #start()}). */
    public static EmbeddedStompBroker onFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new EmbeddedStompBroker(socket.getLocalPort(), Files.createTempDirectory("laguna-artemis"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker started on a free port. */
    public static EmbeddedStompBroker started() {
        EmbeddedStompBroker broker = onFreePort();
        broker.start();
        return broker;
    }

    /**
     * Also accepts STOMP over TLS, on a port of its own ({@link #tlsBroker()}), with the server key
     * of these certificates; to call before {@link #start()}.
     */
    public synchronized EmbeddedStompBroker withTls(TestCertificates certificates) {
        try (ServerSocket socket = new ServerSocket(0)) {
            tlsPort = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        tls = certificates;
        return this;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(false)
                .setSecurityEnabled(true)
                .setJMXManagementEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString());
        try {
            config.addAcceptorConfiguration("stomp",
                    "tcp://127.0.0.1:" + port + "?protocols=STOMP;anycastPrefix=/queue/;multicastPrefix=/topic/");
            if (tls != null) {
                config.addAcceptorConfiguration("stomp-tls", "tcp://127.0.0.1:" + tlsPort + "?protocols=STOMP;anycastPrefix=/queue/;"
                        + "multicastPrefix=/topic/;sslEnabled=true;keyStoreType=PKCS12;keyStorePath=" + tls.keyStore()
                        + ";keyStorePassword=" + tls.password());
            }
            EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
            embedded.setConfiguration(config);
            embedded.setSecurityManager(new ActiveMQSecurityManager() {
                @Override
                public boolean validateUser(String user, String password) {
                    return USER.equals(user) && PASSWORD.equals(password);
                }

                @Override
                public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
                    return validateUser(user, password);
                }
            });
            embedded.start();
            server = embedded;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded STOMP broker on port " + port, e);
        }
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            server = null;
        }
    }

    public int port() {
        return port;
    }

    public StompConfig.Broker broker() {
        return new StompConfig.Broker("127.0.0.1", port);
    }

    /** The TLS acceptor, after {@link #withTls}. */
    public StompConfig.Broker tlsBroker() {
        if (tls == null) {
            throw new IllegalStateException("this broker has no TLS acceptor");
        }
        return new StompConfig.Broker("127.0.0.1", tlsPort);
    }

    @Override
    public void close() {
        stop();
    }
}
