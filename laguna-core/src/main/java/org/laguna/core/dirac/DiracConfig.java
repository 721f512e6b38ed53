package org.laguna.core.dirac;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The options of section {@code dirac} of the database configuration, as Rucio reads them:
 * {@code lifetime}, a JSON object from scope (or a regular expression matched from the scope's start)
 * to the lifetime in seconds of the rule on a new dataset; {@code file_lifetime}, the lifetime in
 * seconds of the rule on a new file. A value that cannot be read is {@code InvalidType}.
 */
record DiracConfig(Map<String, Number> datasetLifetimes, Duration fileLifetime) {

    static DiracConfig read(Tx tx) {
        Map<String, String> options = new LinkedHashMap<>();
        tx.query("select opt, value from configs where section = 'dirac' and opt in ('lifetime', 'file_lifetime')",
                rs -> options.put(rs.getString(1), rs.getString(2)));
        return new DiracConfig(lifetimes(options.get("lifetime")), seconds("file_lifetime", options.get("file_lifetime")));
    }

    private static Map<String, Number> lifetimes(String text) {
        if (text == null) {
            return Map.of();
        }
        Object parsed;
        try {
            parsed = JsonValues.read(text);
        } catch (RuntimeException e) {
            throw invalid("Problem parsing lifetime option in dirac section: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> map)) {
            throw invalid("Problem parsing lifetime option in dirac section: not a JSON object");
        }
        Map<String, Number> lifetimes = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (!(value instanceof Number number)) {
                throw invalid("Problem parsing lifetime option in dirac section: the lifetime of '" + key + "' is not a number");
            }
            lifetimes.put(String.valueOf(key), number);
        });
        return lifetimes;
    }

    private static Duration seconds(String option, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(text.strip()) * 1000));
        } catch (NumberFormatException e) {
            throw invalid("Problem parsing " + option + " option in dirac section: " + text);
        }
    }

    /** The lifetime of the rule on a new dataset of the scope, if the configuration gives one. */
    Duration datasetLifetime(String scope) {
        Number lifetime = datasetLifetimes.get(scope);
        if (lifetime == null) {
            lifetime = datasetLifetimes.entrySet().stream().filter(e -> matchesFromStart(e.getKey(), scope)).map(Map.Entry::getValue)
                    .findFirst().orElse(null);
        }
        return Optional.ofNullable(lifetime).map(n -> Duration.ofMillis(Math.round(n.doubleValue() * 1000))).orElse(null);
    }

    private static boolean matchesFromStart(String pattern, String scope) {
        try {
            return Pattern.compile(pattern).matcher(scope).lookingAt();
        } catch (PatternSyntaxException e) {
            throw invalid("Problem parsing lifetime option in dirac section: '" + pattern + "' is not a regular expression");
        }
    }

    private static LagunaException invalid(String message) {
        return new LagunaException(ErrorCode.INVALID_TYPE, message);
    }
}
