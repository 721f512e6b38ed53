package org.laguna.core.event.webhook;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** Webhook ids as Rucio writes ids: 32 hexadecimal digits (the dashed form is accepted too). */
final class WebhookIds {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern DASHED = Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

    private WebhookIds() {
    }

    static String text(UUID id) {
        return id.toString().replace("-", "");
    }

    /** The id, or empty when the text is not one. */
    static Optional<UUID> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        if (HEX.matcher(trimmed).matches()) {
            String hex = trimmed.toLowerCase(Locale.ROOT);
            return Optional.of(UUID.fromString(hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20)));
        }
        return DASHED.matcher(trimmed).matches() ? Optional.of(UUID.fromString(trimmed)) : Optional.empty();
    }
}
