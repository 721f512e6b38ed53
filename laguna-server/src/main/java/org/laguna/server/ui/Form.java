package org.laguna.server.ui;

import io.javalin.http.Context;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.laguna.server.http.BodyLimits;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The fields of a submitted HTML form ({@code application/x-www-form-urlencoded}), read within the body limit. */
record Form(Map<String, String> fields) {
    Form {
        fields = Map.copyOf(fields);
    }

    static Form read(Context ctx) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "a form must be sent as application/x-www-form-urlencoded");
        }
        String body = new String(BodyLimits.read(ctx), StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int at = pair.indexOf('=');
            String key = decode(at < 0 ? pair : pair.substring(0, at));
            String value = at < 0 ? "" : decode(pair.substring(at + 1));
            if (key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "form field '" + key.replace('\0', '?')
                        + "' must not contain the NUL character");
            }
            fields.putIfAbsent(key, value);
        }
        return new Form(fields);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "the form is not properly encoded: " + e.getMessage());
        }
    }

    /** The field's value, stripped; empty if absent or blank. */
    Optional<String> text(String name) {
        return Optional.ofNullable(fields.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    /** The field as it was sent, "" if absent. */
    String raw(String name) {
        return fields.getOrDefault(name, "");
    }
}
