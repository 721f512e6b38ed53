package org.laguna.core.registration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.rse.expression.RseExpression;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Self-registration, read from {@code registration.*}: {@code registration.enabled} (false) opens
 * it; {@code registration.terms.version} names the terms of use a person accepts, whose words are
 * {@code registration.terms.text} or the file {@code registration.terms.file} (relative to the
 * home); {@code registration.name-claim} ({@code preferred_username}) is the token claim the
 * account name is made from, {@code registration.email-claim} ({@code email}) the one of the
 * account's e-mail address; {@code registration.approval-required} (false) holds registrations
 * for an administrator; each {@code registration.quota.<rse-expression>} (file only) is a quota
 * in bytes the new account gets.
 */
public record RegistrationConfig(boolean enabled, String termsVersion, String termsText, String nameClaim, String emailClaim,
        boolean approvalRequired, Map<String, Long> quotas) {
    public static final RegistrationConfig DISABLED = new RegistrationConfig(false, "", "", "preferred_username", "email", false, Map.of());
    private static final int VERSION_LENGTH = 100;

    public RegistrationConfig {
        Objects.requireNonNull(termsVersion, "termsVersion is null");
        Objects.requireNonNull(termsText, "termsText is null");
        Objects.requireNonNull(nameClaim, "nameClaim is null");
        Objects.requireNonNull(emailClaim, "emailClaim is null");
        quotas = Collections.unmodifiableMap(new LinkedHashMap<>(quotas));
        if (enabled && (termsVersion.isBlank() || termsText.isBlank())) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "registration.enabled needs registration.terms.version and"
                    + " registration.terms.text (or registration.terms.file)");
        }
        if (termsVersion.length() > VERSION_LENGTH) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "registration.terms.version is longer than " + VERSION_LENGTH
                    + " characters");
        }
        quotas.forEach((expression, bytes) -> {
            if (bytes < -1) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "registration.quota." + expression
                        + " must be -1 (unlimited) or more bytes, got " + bytes);
            }
            try {
                RseExpression.parse(expression);
            } catch (LagunaException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "registration.quota." + expression
                        + " does not name a valid RSE expression: " + e.getMessage(), e);
            }
        });
    }

    /** The SHA-256 of the terms' text, stored with each acceptance. */
    public String termsSha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(termsText.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static RegistrationConfig from(ConfigSource source, Path home) {
        boolean enabled = source.get("registration.enabled").map(v -> bool("registration.enabled", v)).orElse(false);
        boolean approval = source.get("registration.approval-required").map(v -> bool("registration.approval-required", v)).orElse(false);
        Optional<String> text = source.get("registration.terms.text");
        if (text.isEmpty()) {
            text = source.get("registration.terms.file").map(file -> read(home.resolve(file)));
        }
        Map<String, Long> quotas = new LinkedHashMap<>();
        String prefix = "registration.quota.";
        source.fileEntries(prefix).forEach((key, value) -> {
            try {
                quotas.put(key.substring(prefix.length()), Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a number of bytes, got '" + value + "'");
            }
        });
        return new RegistrationConfig(enabled, source.get("registration.terms.version").orElse(""), text.orElse(""),
                source.get("registration.name-claim").orElse(DISABLED.nameClaim()), source.get("registration.email-claim").orElse(
                        DISABLED.emailClaim()), approval, quotas);
    }

    private static boolean bool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be true or false, got '" + value + "'");
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "registration.terms.file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
