package org.laguna.transfer.fts3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of the FTS3 transfer tool: the server's {@code transfer.fts3.*} keys without the prefix.
 *
 * @param url the FTS3 REST endpoint, for example {@code https://fts3.example.org:8446}
 * @param token a bearer token, or empty
 * @param tokenFile a file holding a bearer token, re-read when it changes, or empty
 * @param certificate a PEM file with the client certificate chain (and the key if {@code privateKey} is empty)
 * @param privateKey a PEM file with the client's private key, or empty
 * @param caCertificates a PEM file or a directory of PEM files with the CAs to trust, or empty for the JDK's
 * @param connectTimeout how long to wait for a connection
 * @param requestTimeout how long to wait for an answer once a request was sent
 * @param retry FTS3's own retries per file, or empty for the FTS3 server's default
 * @param retryDelay seconds between FTS3's retries, or empty
 * @param sourceStrategy FTS3's {@code selection_strategy} among several sources
 * @param queryBatchSize job ids per status or cancel request
 * @param delegation whether to delegate a proxy of the client certificate to FTS3 before submitting
 * @param delegationLifetime how long a delegated proxy lasts (at most as long as the client certificate)
 */
public record Fts3Config(
        URI url,
        Optional<String> token,
        Optional<Path> tokenFile,
        Optional<Path> certificate,
        Optional<Path> privateKey,
        Optional<Path> caCertificates,
        Duration connectTimeout,
        Duration requestTimeout,
        OptionalInt retry,
        OptionalInt retryDelay,
        String sourceStrategy,
        int queryBatchSize,
        boolean delegation,
        Duration delegationLifetime) {

    static final Set<String> KEYS = Set.of("url", "token", "token-file", "certificate", "private-key", "proxy", "ca-certificates",
            "connect-timeout", "request-timeout", "retry", "retry-delay", "source-strategy", "query-batch-size", "delegation",
            "delegation-lifetime");

    public Fts3Config {
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(token, "token is null");
        Objects.requireNonNull(tokenFile, "tokenFile is null");
        Objects.requireNonNull(certificate, "certificate is null");
        Objects.requireNonNull(privateKey, "privateKey is null");
        Objects.requireNonNull(caCertificates, "caCertificates is null");
        Objects.requireNonNull(connectTimeout, "connectTimeout is null");
        Objects.requireNonNull(requestTimeout, "requestTimeout is null");
        Objects.requireNonNull(retry, "retry is null");
        Objects.requireNonNull(retryDelay, "retryDelay is null");
        Objects.requireNonNull(sourceStrategy, "sourceStrategy is null");
        Objects.requireNonNull(delegationLifetime, "delegationLifetime is null");
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw invalid("url", url.toString(), "an http:// or https:// URL");
        }
        if (token.isPresent() && tokenFile.isPresent()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.fts3: set either token or token-file, not both");
        }
        if (privateKey.isPresent() && certificate.isEmpty()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "transfer.fts3.private-key is set but transfer.fts3.certificate is not");
        }
        if (queryBatchSize < 1) {
            throw invalid("query-batch-size", Integer.toString(queryBatchSize), "a positive number");
        }
    }

    /** Reads the keys; unknown keys are refused so that a misspelt one does not go unnoticed. */
    public static Fts3Config from(Map<String, String> config) {
        for (String key : config.keySet()) {
            if (!KEYS.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Unknown setting transfer.fts3." + key + " (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        String url = value(config, "url").orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER,
                "transfer.fts3.url is required, for example https://fts3.example.org:8446"));
        Optional<Path> certificate = value(config, "certificate").map(Path::of);
        Optional<Path> proxy = value(config, "proxy").map(Path::of);
        if (certificate.isPresent() && proxy.isPresent()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.fts3: set either proxy or certificate, not both");
        }
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw invalid("url", url, "a URL");
        }
        return new Fts3Config(
                uri,
                value(config, "token"),
                value(config, "token-file").map(Path::of),
                certificate.or(() -> proxy),
                value(config, "private-key").map(Path::of),
                value(config, "ca-certificates").map(Path::of),
                duration(config, "connect-timeout", Duration.ofSeconds(10)),
                duration(config, "request-timeout", Duration.ofSeconds(60)),
                integer(config, "retry"),
                integer(config, "retry-delay"),
                value(config, "source-strategy").orElse("orderly"),
                integer(config, "query-batch-size").orElse(50),
                bool(config, "delegation", true),
                duration(config, "delegation-lifetime", Duration.ofHours(12)));
    }

    /** The settings without the token's value, fit for a log line. */
    @Override
    public String toString() {
        return "Fts3Config[url=" + url + ", token=" + (token.isPresent() ? "(set)" : "(none)") + ", tokenFile=" + tokenFile.map(Path::toString).orElse("")
                + ", certificate=" + certificate.map(Path::toString).orElse("") + ", privateKey=" + privateKey.map(Path::toString).orElse("")
                + ", caCertificates=" + caCertificates.map(Path::toString).orElse("") + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", retry=" + retry + ", retryDelay=" + retryDelay + ", sourceStrategy=" + sourceStrategy
                + ", queryBatchSize=" + queryBatchSize + ", delegation=" + delegation + ", delegationLifetime=" + delegationLifetime + "]";
    }

    private static Optional<String> value(Map<String, String> config, String key) {
        return Optional.ofNullable(config.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Duration duration(Map<String, String> config, String key, Duration defaultValue) {
        Optional<String> text = value(config, key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        Duration duration;
        try {
            duration = text.get().chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(text.get())) : Duration.parse(text.get());
        } catch (DateTimeParseException | NumberFormatException e) {
            throw invalid(key, text.get(), "an ISO-8601 duration (PT30S) or whole seconds");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw invalid(key, text.get(), "a positive duration");
        }
        return duration;
    }

    private static boolean bool(Map<String, String> config, String key, boolean defaultValue) {
        Optional<String> text = value(config, key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, text.get(), "true or false");
        };
    }

    private static OptionalInt integer(Map<String, String> config, String key) {
        Optional<String> text = value(config, key);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text.get()));
        } catch (NumberFormatException e) {
            throw invalid(key, text.get(), "a whole number");
        }
    }

    private static LagunaException invalid(String key, String value, String expected) {
        return new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.fts3." + key + " must be " + expected + ", got '" + value + "'");
    }
}
