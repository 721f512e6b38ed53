package org.laguna.core.did.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Reads the literal values that Rucio's Python client writes with {@code str()}: lists, tuples,
 * dicts, quoted strings, numbers, {@code True}/{@code False}/{@code None}. JSON is accepted too
 * ({@code true}, {@code false}, {@code null}, double quotes). Nothing is evaluated.
 *
 * <p>Results: {@link List}, {@link Map} (insertion ordered), {@link String}, {@link Long} or
 * {@link BigInteger}, {@link BigDecimal}, {@link Boolean}, or {@code null}.
 */
public final class PyLiteral {
    private static final int MAX_DEPTH = 32;

    private final String text;
    private int pos;

    private PyLiteral(String text) {
        this.text = text;
    }

    public static Object parse(String text) {
        if (text == null) {
            throw error("filters are missing", "");
        }
        PyLiteral parser = new PyLiteral(text);
        Object value = parser.value(0);
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.unexpected();
        }
        return value;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("filters are nested too deeply", text);
        }
        skipSpace();
        if (pos >= text.length()) {
            throw error("unexpected end of filters", text);
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '[' -> sequence(']', depth);
            case '(' -> sequence(')', depth);
            case '{' -> dict(depth);
            case '\'', '"' -> string();
            default -> {
                if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                    yield number();
                }
                if (Character.isLetter(c)) {
                    yield word();
                }
                throw unexpected();
            }
        };
    }

    private List<Object> sequence(char close, int depth) {
        pos++;
        List<Object> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (peek() == close) {
                pos++;
                return items;
            }
            items.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != close) {
                throw unexpected();
            }
        }
    }

    private Map<Object, Object> dict(int depth) {
        pos++;
        Map<Object, Object> map = new LinkedHashMap<>();
        while (true) {
            skipSpace();
            if (peek() == '}') {
                pos++;
                return map;
            }
            Object key = value(depth + 1);
            if (key instanceof List<?> || key instanceof Map<?, ?>) {
                throw error("a dictionary key must be a plain value", text);
            }
            skipSpace();
            if (peek() != ':') {
                throw unexpected();
            }
            pos++;
            map.put(key, value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
            } else if (peek() != '}') {
                throw unexpected();
            }
        }
    }

    private String string() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '0' -> out.append('\0');
                case 'x' -> out.append((char) hex(2));
                case 'u' -> out.append((char) hex(4));
                case 'U' -> out.appendCodePoint(hex(8));
                case '\\', '\'', '"', '/' -> out.append(e);
                default -> out.append('\\').append(e);
            }
        }
        throw error("unterminated string", text);
    }

    private int hex(int digits) {
        if (pos + digits > text.length()) {
            throw error("bad escape in string", text);
        }
        try {
            int value = Integer.parseUnsignedInt(text.substring(pos, pos + digits), 16);
            pos += digits;
            if (!Character.isValidCodePoint(value)) {
                throw error("bad escape in string", text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("bad escape in string", text);
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-' || peek() == '+') {
            pos++;
        }
        while (pos < text.length() && "0123456789._eE+-".indexOf(text.charAt(pos)) >= 0) {
            char c = text.charAt(pos);
            if ((c == '+' || c == '-') && !(text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')) {
                break;
            }
            pos++;
        }
        String token = text.substring(start, pos).replace("_", "");
        Object parsed = Values.number(token);
        if (parsed == null) {
            throw error("bad number '" + token + "'", text);
        }
        return parsed;
    }

    private Object word() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String word = text.substring(start, pos);
        return switch (word) {
            case "True", "true" -> Boolean.TRUE;
            case "False", "false" -> Boolean.FALSE;
            case "None", "null" -> null;
            default -> {
                // string prefixes such as u'..' or r'..'
                if ((word.equals("u") || word.equals("r") || word.equals("b")) && (peek() == '\'' || peek() == '"')) {
                    yield string();
                }
                throw error("'" + word + "' is not a literal value", text);
            }
        };
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private LagunaException unexpected() {
        if (pos >= text.length()) {
            return error("unexpected end of filters", text);
        }
        return error("unexpected '" + text.charAt(pos) + "' at position " + pos, text);
    }

    private static LagunaException error(String what, String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Cannot parse filters: " + what + " in " + shown);
    }
}
