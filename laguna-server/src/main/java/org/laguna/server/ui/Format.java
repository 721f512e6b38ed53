package org.laguna.server.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;
import org.laguna.core.common.Ids;

/** How the pages write numbers, dates and links. */
public final class Format {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};

    private Format() {
    }

    /** Bytes in decimal units: {@code 1.5 GB}; "–" for none. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return "–";
        }
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    public static String date(Instant instant) {
        return instant == null ? "never" : DATE.format(instant);
    }

    /** A whole percentage of {@code part} in {@code whole}, 0 to 100; 100 for an empty whole. */
    public static int percent(long part, long whole) {
        if (whole <= 0) {
            return 100;
        }
        return (int) Math.max(0, Math.min(100, part * 100 / whole));
    }

    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String didUrl(String scope, String name) {
        return "/ui/did?scope=" + encode(scope) + "&name=" + encode(name);
    }

    public static String scopeUrl(String scope) {
        return "/ui/scopes/" + encode(scope);
    }

    /** A rule's page, by its id written as Rucio writes it (32 hex digits). */
    public static String ruleUrl(UUID id) {
        return "/ui/rules/" + Ids.hex(id);
    }

    public static String rseUrl(String rse) {
        return "/ui/rses/" + encode(rse);
    }
}
