package org.laguna.core.rse;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Checks a protocol update ({@code prefix}, {@code impl}, {@code domains} priorities, ...) and maps it to columns. */
final class ProtocolChanges {
    private ProtocolChanges() {
    }

    static Map<String, Object> columns(Map<String, Object> changes) {
        Map<String, Object> columns = new LinkedHashMap<>();
        changes.forEach((key, value) -> {
            switch (key) {
                case "prefix", "impl", "hostname" -> columns.put(key, value == null ? null : value.toString());
                case "port" -> columns.put("port", priority("port", value, 65535));
                case "domains" -> {
                    if (!(value instanceof Map<?, ?> domains)) {
                        throw new LagunaException(ErrorCode.INVALID_OBJECT, "domains must be an object");
                    }
                    domains.forEach((domain, operations) -> {
                        if (!(operations instanceof Map<?, ?> ops)) {
                            throw new LagunaException(ErrorCode.INVALID_OBJECT, "domain " + domain + " must be an object");
                        }
                        ops.forEach((operation, priority) -> columns.put(column(domain.toString(), operation.toString()),
                                operationPriority(domain + "." + operation, priority)));
                    });
                }
                default -> {
                    String column = key.startsWith("read_") || key.startsWith("write_") || key.startsWith("delete_")
                            || key.startsWith("third_party_copy") ? key : null;
                    if (column == null || !column.matches("(read|write|delete)_(lan|wan)|third_party_copy_(read|write)")) {
                        throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown protocol field '" + key + "'");
                    }
                    columns.put(column, operationPriority(key, value));
                }
            }
        });
        return columns;
    }

    static String column(String domain, String operation) {
        if (!domain.equals("lan") && !domain.equals("wan")) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_DOMAIN_NOT_SUPPORTED, "Domain '" + domain + "' is not supported: use lan or wan");
        }
        return switch (operation) {
            case "read", "write", "delete" -> operation + "_" + domain;
            case "third_party_copy_read", "third_party_copy_write" -> operation;
            case "third_party_copy" -> "third_party_copy_write";
            default -> throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown operation '" + operation + "' in domain " + domain);
        };
    }

    /** An operation's priority: 0 (the best) and up, or null when the protocol does not do the operation. */
    private static Integer operationPriority(String what, Object value) {
        return value == null ? null : priority(what, value, 1_000_000);
    }

    /**
     * An integer in {@code 0..max}, from a JSON number of any size or a string; anything else (a fraction, a number
     * out of range such as 2^63, text) is refused naming the value, never wrapped or cut to fit.
     */
    static int priority(String what, Object value, int max) {
        BigDecimal number;
        try {
            number = new BigDecimal(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, what + " must be an integer, got '" + value + "'");
        }
        if (number.signum() != 0 && number.stripTrailingZeros().scale() > 0) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, what + " must be an integer, got '" + value + "'");
        }
        if (number.signum() < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, what + " must be 0.." + max + ", got " + value);
        }
        return number.intValueExact();
    }

    /** A protocol from Rucio's add-protocol body fields. */
    static RseProtocol fromBody(String scheme, Map<String, Object> body) {
        Object bodyScheme = body.get("scheme");
        if (bodyScheme != null && !bodyScheme.toString().equals(scheme)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "The body's scheme '" + bodyScheme + "' differs from the scheme '"
                    + scheme + "' of the URL: give one scheme, or the same in both");
        }
        Map<String, Object> columns = columns(body.entrySet().stream()
                .filter(e -> !e.getKey().equals("scheme") && !e.getKey().equals("extended_attributes") && e.getValue() != null)
                .collect(LinkedHashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), Map::putAll));
        Object impl = columns.get("impl");
        if (impl == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Missing values: impl");
        }
        Object extended = body.get("extended_attributes");
        return new RseProtocol(scheme, (String) columns.getOrDefault("hostname", "localhost"),
                (Integer) columns.getOrDefault("port", 0), (String) columns.getOrDefault("prefix", ""), impl.toString(),
                get(columns, "read_lan"), get(columns, "write_lan"), get(columns, "delete_lan"),
                get(columns, "read_wan"), get(columns, "write_wan"), get(columns, "delete_wan"),
                get(columns, "third_party_copy_read"), get(columns, "third_party_copy_write"),
                extended == null ? null : org.laguna.core.db.JsonValues.write(extended));
    }

    private static int get(Map<String, Object> columns, String column) {
        Object value = columns.get(column);
        return value == null ? RseProtocol.UNSUPPORTED : (Integer) value;
    }
}
