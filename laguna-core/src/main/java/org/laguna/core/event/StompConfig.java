package org.laguna.core.event;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Where and how hermes delivers to STOMP brokers ({@code hermes.stomp.*}, see docs/configuration.md):
 * the brokers, tried in turn (failover), TLS with an optional trust store, login, the virtual host,
 * the destination (topic or queue) of every event and per event type, and the timeouts and the
 * reconnection backoff.
 */
public record StompConfig(List<Broker> brokers, boolean tls, Optional<Path> trustStore, Optional<String> trustStorePassword,
        Optional<String> username, Optional<String> password, String virtualHost, String destination,
        Map<String, String> destinationByType, Duration timeout, Duration reconnectDelay, Duration reconnectMaxDelay, int chunk) {
    public static final String DEFAULT_DESTINATION = "/topic/rucio.events";

    /** One broker: host and port. */
    public record Broker(String host, int port) {
        public Broker {
            Objects.requireNonNull(host, "host is null");
            if (host.isBlank() || port < 1 || port > 65_535) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.stomp.brokers: bad broker " + host + ":" + port);
            }
        }

        /** Parses {@code host:port} (port 61613 when left out). */
        public static Broker parse(String text) {
            String value = text.trim();
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                return new Broker(value, 61_613);
            }
            try {
                return new Broker(value.substring(0, colon), Integer.parseInt(value.substring(colon + 1)));
            } catch (NumberFormatException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.stomp.brokers: bad port in '" + value + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }

    public StompConfig {
        brokers = List.copyOf(brokers);
        Objects.requireNonNull(trustStore, "trustStore is null");
        Objects.requireNonNull(trustStorePassword, "trustStorePassword is null");
        Objects.requireNonNull(username, "username is null");
        Objects.requireNonNull(password, "password is null");
        Objects.requireNonNull(virtualHost, "virtualHost is null");
        requireDestination("hermes.stomp.destination", destination);
        destinationByType.forEach((type, value) -> requireDestination("hermes.stomp.destination." + type, value));
        destinationByType = Map.copyOf(destinationByType);
        for (Duration d : List.of(timeout, reconnectDelay, reconnectMaxDelay)) {
            if (d.isNegative() || d.isZero()) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.stomp timeouts and delays must be positive, got " + d);
            }
        }
        if (chunk < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.stomp.chunk must be positive, got " + chunk);
        }
    }

    /** The settings of the configuration; empty when {@code hermes.stomp.brokers} names no broker. */
    public static Optional<StompConfig> from(ConfigSource source) {
        List<Broker> brokers = new ArrayList<>();
        for (String part : source.get("hermes.stomp.brokers").orElse("").split(",")) {
            if (!part.isBlank()) {
                brokers.add(Broker.parse(part));
            }
        }
        if (brokers.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> byType = new TreeMap<>();
        source.withPrefix("hermes.stomp.destination.").forEach((type, value) -> byType.put(normalize(type), value));
        return Optional.of(new StompConfig(brokers, Boolean.parseBoolean(source.get("hermes.stomp.tls").orElse("false")),
                source.get("hermes.stomp.tls.trust-store").map(Path::of), source.get("hermes.stomp.tls.trust-store-password"),
                source.get("hermes.stomp.username"), source.get("hermes.stomp.password"),
                source.get("hermes.stomp.virtual-host").orElse("/"),
                source.get("hermes.stomp.destination").orElse(DEFAULT_DESTINATION), byType,
                source.getDuration("hermes.stomp.timeout", Duration.ofSeconds(10)),
                source.getDuration("hermes.stomp.reconnect-delay", Duration.ofSeconds(1)),
                source.getDuration("hermes.stomp.reconnect-max-delay", Duration.ofMinutes(1)),
                source.getInt("hermes.stomp.chunk", 500)));
    }

    /** The destination of an event type: its own if configured, else the common one. */
    public String destinationOf(String eventType) {
        return destinationByType.getOrDefault(normalize(eventType), destination);
    }

    private static String normalize(String eventType) {
        return eventType.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static void requireDestination(String key, String value) {
        if (value == null || value.isBlank() || value.chars().anyMatch(c -> c == '\n' || c == '\r' || c == ':')) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a STOMP destination such as /topic/rucio.events, got '"
                    + value + "'");
        }
    }
}
