package org.laguna.core.event;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to STOMP brokers as Rucio's hermes does (body {@code {"event_type", "payload",
 * "created_at"}}, headers {@code persistent:true} and {@code event_type}), to the destination of
 * each event's type. One connection at a time: when a broker fails, the next one of the list is
 * tried (failover); when all fail, delivery pauses for the reconnect delay, doubling up to its
 * maximum, and the events stay pending.
 */
public final class StompDestination implements EventDestination {
    public static final String NAME = "stomp";
    private static final Logger LOG = LoggerFactory.getLogger(StompDestination.class);

    private final StompConfig config;
    private final Clock clock;
    private EventLoopGroup group;
    private Optional<SslContext> ssl;
    private StompConnection connection;
    private int broker;
    private final RetryPause pause;

    public StompDestination(StompConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.pause = new RetryPause(config.reconnectDelay(), config.reconnectMaxDelay(), clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public synchronized boolean ready() {
        return pause.over();
    }

    @Override
    public synchronized int deliver(List<OutboxMessage> messages) {
        int confirmed = 0;
        try {
            StompConnection open = connection();
            for (int from = 0; from < messages.size(); from += config.chunk()) {
                List<OutboxMessage> chunk = messages.subList(from, Math.min(messages.size(), from + config.chunk()));
                String receipt = "hermes-" + UUID.randomUUID();
                for (int i = 0; i < chunk.size(); i++) {
                    OutboxMessage message = chunk.get(i);
                    open.send(config.destinationOf(message.eventType()), Map.of("persistent", "true", "event_type", message.wireType()),
                            message.brokerBody(), i == chunk.size() - 1 ? Optional.of(receipt) : Optional.empty());
                }
                open.flushAndAwait(receipt);
                confirmed += chunk.size();
            }
            pause.succeeded();
            return confirmed;
        } catch (IOException e) {
            disconnect();
            broker = (broker + 1) % config.brokers().size();
            LOG.warn("STOMP delivery failed after {} of {} events, retrying in {}: {}", confirmed, messages.size(), pause.failed(),
                    e.getMessage());
            return confirmed;
        }
    }

    /** The open connection, or a new one to the first broker of the list (from the current one on) that answers. */
    private StompConnection connection() throws IOException {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        disconnect();
        IOException last = null;
        for (int attempt = 0; attempt < config.brokers().size(); attempt++) {
            StompConfig.Broker target = config.brokers().get(broker);
            try {
                connection = StompConnection.open(group(), target, ssl(), config.virtualHost(), config.username(), config.password(),
                        config.timeout(), (headers, body) -> { });
                LOG.info("Connected to STOMP broker {}", target);
                return connection;
            } catch (IOException e) {
                last = e;
                broker = (broker + 1) % config.brokers().size();
            }
        }
        throw last;
    }

    private EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("hermes-stomp", true), NioIoHandler.newFactory());
        }
        return group;
    }

    private Optional<SslContext> ssl() throws IOException {
        if (ssl == null) {
            ssl = config.tls() ? Optional.of(sslContext(config)) : Optional.empty();
        }
        return ssl;
    }

    /** The client TLS context: the JDK's trusted authorities, or those of {@code hermes.stomp.tls.trust-store}; host names checked. */
    public static SslContext sslContext(StompConfig config) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
        if (config.trustStore().isPresent()) {
            try (InputStream in = Files.newInputStream(config.trustStore().get())) {
                char[] password = config.trustStorePassword().map(String::toCharArray).orElse(null);
                KeyStore store = KeyStore.getInstance(config.trustStore().get().toString().endsWith(".jks") ? "JKS" : "PKCS12");
                store.load(in, password);
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                builder.trustManager(trust);
            } catch (GeneralSecurityException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        "hermes.stomp.tls.trust-store: cannot read " + config.trustStore().get() + ": " + e.getMessage());
            }
        }
        return builder.build();
    }

    private void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public synchronized void close() {
        disconnect();
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group = null;
        }
    }
}
