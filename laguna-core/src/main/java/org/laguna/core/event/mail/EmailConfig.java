package org.laguna.core.event.mail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * How hermes sends e-mail ({@code hermes.email.*}, see docs/configuration.md): the SMTP server and
 * its port, the security of the connection (STARTTLS, required, or SMTPS with TLS from the first
 * byte, or none), the login, the sender, the authorities trusted for the server's certificate (a
 * PEM file, or the JVM's), the timeouts and the retry backoff, where the templates that replace
 * the shipped ones live, and how long refused mails stay recorded (as the history of events,
 * {@code hermes.history-retention}).
 */
public record EmailConfig(String host, int port, Security security, Optional<String> username, Optional<String> password,
        String from, Optional<Path> caFile, boolean checkHostname, Duration timeout, Duration retryDelay, Duration retryMaxDelay,
        Optional<Path> templates, String rootAccount, List<String> adminAddresses, Duration failureRetention) {

    /** How the connection to the SMTP server is protected. */
    public enum Security {
        /** Plain SMTP, then STARTTLS before anything else; refused when the server does not offer it (port 587 by default). */
        STARTTLS(587),
        /** TLS from the first byte, "implicit TLS" (port 465 by default). */
        SMTPS(465),
        /** No TLS at all: only for a relay on the same host or a trusted network (port 25 by default). */
        NONE(25);

        private final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }

        public int defaultPort() {
            return defaultPort;
        }

        static Security parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        "hermes.email.security must be starttls, smtps or none, got '" + value + "'");
            }
        }
    }

    public EmailConfig {
        Objects.requireNonNull(host, "host is null");
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.email.host must be a host name or address, got '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.email.port must be 1..65535, got " + port);
        }
        Objects.requireNonNull(security, "security is null");
        Objects.requireNonNull(username, "username is null");
        Objects.requireNonNull(password, "password is null");
        if (username.isPresent() != password.isPresent()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.email.username and hermes.email.password go together");
        }
        Objects.requireNonNull(from, "from is null");
        if (!from.matches("[^@\\s<>\"]+@[^@\\s<>\"]+")) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "hermes.email.from must be the sender's address, such as laguna@example.org, got '" + from + "'");
        }
        Objects.requireNonNull(caFile, "caFile is null");
        for (Duration d : List.of(timeout, retryDelay, retryMaxDelay, failureRetention)) {
            if (d.isNegative() || d.isZero()) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.email timeouts and delays must be positive, got " + d);
            }
        }
        Objects.requireNonNull(templates, "templates is null");
        Objects.requireNonNull(rootAccount, "rootAccount is null");
        adminAddresses = List.copyOf(adminAddresses);
    }

    /**
     * The settings of the configuration; empty when {@code hermes.email.host} is not set. Templates
     * are read from {@code hermes.email.templates}, else from {@code <home>/mail-templates} when a
     * home is given.
     */
    public static Optional<EmailConfig> from(ConfigSource source, Optional<Path> home) {
        Optional<String> host = source.get("hermes.email.host");
        if (host.isEmpty()) {
            return Optional.empty();
        }
        Security security = source.get("hermes.email.security").map(Security::parse).orElse(Security.STARTTLS);
        Optional<String> username = source.get("hermes.email.username");
        String from = source.get("hermes.email.from").or(() -> username.filter(u -> u.contains("@")))
                .orElseThrow(() -> new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        "hermes.email.from must name the sender's address when hermes.email.host is set"));
        List<String> admins = new ArrayList<>();
        for (String part : source.get("hermes.email.admin-addresses").orElse("").split(",")) {
            if (!part.isBlank()) {
                admins.add(part.trim());
            }
        }
        Optional<Path> templates = source.get("hermes.email.templates").map(Path::of)
                .or(() -> home.map(h -> h.resolve("mail-templates")));
        return Optional.of(new EmailConfig(host.get(), source.getInt("hermes.email.port", security.defaultPort()), security, username,
                source.get("hermes.email.password"), from, source.get("hermes.email.tls.ca-file").map(Path::of),
                Boolean.parseBoolean(source.get("hermes.email.tls.check-hostname").orElse("true")),
                source.getDuration("hermes.email.timeout", Duration.ofSeconds(30)),
                source.getDuration("hermes.email.retry-delay", Duration.ofSeconds(10)),
                source.getDuration("hermes.email.retry-max-delay", Duration.ofMinutes(10)),
                templates, source.get("root.username").orElse("root"), admins,
                source.getDuration("hermes.history-retention", Duration.ofDays(30))));
    }

    @Override
    public String toString() {
        return "EmailConfig[" + host + ":" + port + " " + security + (username.isPresent() ? " as " + username.get() : "") + " from " + from + "]";
    }
}
