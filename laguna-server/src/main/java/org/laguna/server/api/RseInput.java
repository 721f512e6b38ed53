package org.laguna.server.api;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.laguna.core.db.JsonValues;
import org.laguna.core.rse.ProtocolChange;
import org.laguna.core.rse.RseField;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseSetting;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's RSE and protocol bodies as the core's settings and changes. Values come as JSON gives
 * them (Boolean, Number, String); Rucio's clients also send booleans as strings.
 */
final class RseInput {
    private RseInput() {
    }

    /** The fixed fields of an add or update body, checked; {@code availability} (0..7) stands for the three flags. */
    static List<RseSetting> settings(Map<String, Object> values) {
        List<RseSetting> settings = new ArrayList<>();
        Object availability = values.get("availability");
        if (availability != null) {
            if (values.containsKey("availability_read") || values.containsKey("availability_write") || values.containsKey("availability_delete")) {
                throw new LagunaException(ErrorCode.INPUT_VALIDATION_ERROR,
                        "'availability' can not be specified with 'availability_read', 'availability_write' or 'availability_delete'");
            }
            int bits = integer("availability", availability);
            if (bits < 0 || bits > 7) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "availability must be 0..7, got " + bits);
            }
            settings.add(new RseSetting.Flag(RseField.AVAILABILITY_READ, (bits & 4) != 0));
            settings.add(new RseSetting.Flag(RseField.AVAILABILITY_WRITE, (bits & 2) != 0));
            settings.add(new RseSetting.Flag(RseField.AVAILABILITY_DELETE, (bits & 1) != 0));
        }
        values.forEach((key, value) -> {
            if (key.equals("availability")) {
                return;
            }
            RseField field = RseField.byKey(key).orElseThrow(() -> new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown RSE field '"
                    + key + "'; allowed: " + String.join(", ", new TreeSet<>(List.of(keys()))) + ", availability"));
            if (value == null && (field.kind() == RseField.Kind.BOOLEAN || field.kind() == RseField.Kind.RSE_TYPE)) {
                return;
            }
            settings.add(switch (field.kind()) {
                case BOOLEAN -> new RseSetting.Flag(field, bool(key, value));
                case TEXT -> new RseSetting.Text(field, value == null ? null : text(key, value));
                case NUMBER -> new RseSetting.Number(field, value == null ? null : number(key, value));
                case RSE_TYPE -> new RseSetting.Type(rseType(value));
            });
        });
        return settings;
    }

    private static String[] keys() {
        return Arrays.stream(RseField.values()).map(RseField::key).toArray(String[]::new);
    }

    /** A protocol update ({@code prefix}, {@code impl}, {@code domains} priorities, ...), checked. */
    static List<ProtocolChange> protocolChanges(Map<String, Object> changes) {
        List<ProtocolChange> out = new ArrayList<>();
        changes.forEach((key, value) -> {
            switch (key) {
                case "prefix", "impl", "hostname" -> out.add(new ProtocolChange.Text(ProtocolChange.Setting.valueOf(key.toUpperCase(Locale.ROOT)),
                        value == null ? null : value.toString()));
                case "port" -> out.add(new ProtocolChange.Port(priority("port", value, 65535)));
                case "domains" -> {
                    if (!(value instanceof Map<?, ?> domains)) {
                        throw new LagunaException(ErrorCode.INVALID_OBJECT, "domains must be an object");
                    }
                    domains.forEach((domain, operations) -> {
                        if (!(operations instanceof Map<?, ?> ops)) {
                            throw new LagunaException(ErrorCode.INVALID_OBJECT, "domain " + domain + " must be an object");
                        }
                        ops.forEach((operation, priority) -> out.add(new ProtocolChange.Priority(
                                operation(column(domain.toString(), operation.toString())), operationPriority(domain + "." + operation, priority))));
                    });
                }
                default -> {
                    if (!key.matches("(read|write|delete)_(lan|wan)|third_party_copy_(read|write)")) {
                        throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown protocol field '" + key + "'");
                    }
                    out.add(new ProtocolChange.Priority(operation(key), operationPriority(key, value)));
                }
            }
        });
        return out;
    }

    private static ProtocolChange.Operation operation(String column) {
        return ProtocolChange.Operation.ofColumn(column).orElseThrow(() -> new IllegalStateException(column));
    }

    private static String column(String domain, String operation) {
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

    /** A protocol from Rucio's add-protocol body fields. */
    static RseProtocol protocol(String scheme, Map<String, Object> body) {
        Object bodyScheme = body.get("scheme");
        if (bodyScheme != null && !bodyScheme.toString().equals(scheme)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "The body's scheme '" + bodyScheme + "' differs from the scheme '"
                    + scheme + "' of the URL: give one scheme, or the same in both");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        body.forEach((key, value) -> {
            if (!key.equals("scheme") && !key.equals("extended_attributes") && value != null) {
                fields.put(key, value);
            }
        });
        Map<String, Object> columns = new HashMap<>();
        for (ProtocolChange change : protocolChanges(fields)) {
            columns.put(change.column(), change.columnValue());
        }
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
                extended == null ? null : JsonValues.write(extended));
    }

    private static int get(Map<String, Object> columns, String column) {
        Object value = columns.get(column);
        return value == null ? RseProtocol.UNSUPPORTED : (Integer) value;
    }

    /** An operation's priority: 0 (the best) and up, or null when the protocol does not do the operation. */
    private static Integer operationPriority(String what, Object value) {
        return value == null ? null : priority(what, value, 1_000_000);
    }

    /**
     * An integer in {@code 0..max}, from a JSON number of any size or a string; anything else (a fraction, a number
     * out of range such as 2^63, text) is refused naming the value, never wrapped or cut to fit.
     */
    private static int priority(String what, Object value, int max) {
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

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> {
                    return true;
                }
                case "false", "0", "no" -> {
                    return false;
                }
                default -> { }
            }
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a boolean, got '" + value + "'");
    }

    private static String text(String key, Object value) {
        String text = value.toString();
        if (text.length() > 255) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " is longer than 255 characters");
        }
        return text;
    }

    private static double number(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a number, got '" + value + "'");
        }
    }

    private static int integer(String key, Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be an integer, got '" + value + "'");
        }
    }

    private static String rseType(Object value) {
        String type = value.toString().trim().toUpperCase(Locale.ROOT);
        if (!type.equals("DISK") && !type.equals("TAPE")) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "rse_type must be DISK or TAPE, got '" + value + "'");
        }
        return type;
    }
}
