package org.laguna.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Refuses the NUL character ({@code \u0000}, {@code %00}) in the path, the query parameters and
 * the strings of JSON bodies: no name, value or expression of Laguna holds one, and PostgreSQL
 * cannot store it in text. The answer is a 400 that names the parameter.
 */
public final class NulGuard {
    private static final char NUL = '\u0000';

    private NulGuard() {
    }

    /** Before every call: the path and the query parameters. */
    public static void handle(Context ctx) {
        String uri = ctx.req().getRequestURI();
        if (uri != null && (uri.indexOf(NUL) >= 0 || uri.toLowerCase(Locale.ROOT).contains("%00"))) {
            throw refused("the path");
        }
        for (Map.Entry<String, List<String>> parameter : ctx.queryParamMap().entrySet()) {
            if (parameter.getKey().indexOf(NUL) >= 0) {
                throw refused("a query parameter name");
            }
            for (String value : parameter.getValue()) {
                if (value.indexOf(NUL) >= 0) {
                    throw refused("query parameter '" + parameter.getKey() + "'");
                }
            }
        }
    }

    /** Every key and string of a JSON value; {@code where} names the value in the message. */
    public static void check(JsonNode node, String where) {
        String found = find(node);
        if (found != null) {
            throw refused(found.isEmpty() ? where : where + found);
        }
    }

    /** Where in the value a NUL is ("" for the value itself, ".key[2]" below it), or null. */
    private static String find(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf(NUL) >= 0 ? "" : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String below = find(node.get(i));
                if (below != null) {
                    return "[" + i + "]" + below;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf(NUL) >= 0) {
                    return " (a key)";
                }
                String below = find(field.getValue());
                if (below != null) {
                    return "." + field.getKey() + below;
                }
            }
        }
        return null;
    }

    private static LagunaException refused(String where) {
        return new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, where + " must not contain the NUL character (\\u0000)");
    }
}
