package org.laguna.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.laguna.server.testing.RawHttp.BodyMode;
import org.laguna.server.testing.RawHttp.Request;

/**
 * Makes malformed and hostile requests for the routes Laguna serves: undecodable and NUL path
 * parts, query parameters out of range, bodies that are not JSON, JSON of the wrong types, huge
 * numbers, NUL in strings. The same seed gives the same requests. Names a caller knows to exist
 * (a scope, an RSE, ...) are used for half of the path parts, so requests also reach the code
 * behind the lookups.
 */
public final class ApiFuzzer {
    /** A route as registered: the method and the path with {placeholders}. */
    public record Route(String method, String template) {
        public Route {
            Objects.requireNonNull(method, "method is null");
            Objects.requireNonNull(template, "template is null");
        }
    }

    private static final String NUL = "\u0000";
    private static final List<String> JUNK_SEGMENTS = List.of("", "%00", "a%00b", "%zz", "%", "..", "%2F", "x".repeat(300), "%C3%A9",
            "%C3%28", "*", "null", "-1", "9223372036854775808", "%F0%9F%98%80", "a%20b", "%25", "+", "ÿ");
    private static final List<String> QUERY_KEYS = List.of("account", "scope", "name", "state", "updated_after", "updated_before",
            "created_after", "created_before", "did_type", "limit", "long", "type", "filters", "dynamic_depth", "dynamic", "recursive",
            "rse", "dry_run", "all_states", "schemes", "hours", "since", "lifetime", "svc", "url", "expression", "plugin", "key", "lfns",
            "operation", "domain", "scheme", "source", "src_rse", "dst_rse", "request_states", "activity", "format", "account_type", "id",
            "locked", "grouping", "rse_expression", "child_rule_id", "subscription_id", "nrandom", "signature_lifetime", "%00", "length");
    private static final List<String> QUERY_VALUES = List.of("", "%00", "a%00", "-9223372036854775809", "9223372036854775808",
            "99999999999999999999999", "-1", "0", "1", "1e400", "abc", "2026-01-01T00:00:00Z", "2026-01-01", "%zz", "true", "False", "*",
            "x".repeat(2000), "%C3%28", "Tue,%2003%20Nov%202026%2010:00:00%20UTC", "300000-01-01T00:00:00Z", "-infinity", "infinity",
            "epoch", "NaN", "2147483648", "-2147483649", "SITE_A", "cygno", "root", "%7B%22a%22:1%7D", "%5B%5D", "name=%2A", "DATASET");
    private static final List<String> BODY_KEYS = List.of("scope", "name", "type", "dids", "files", "rse", "rse_expression", "copies",
            "lifetime", "account", "bytes", "adler32", "md5", "pfn", "meta", "state", "nrandom", "signature_lifetime", "all_states",
            "resolve_parents", "schemes", "domain", "value", "key", "grouping", "weight", "locked", "purge_replicas", "options",
            "attachments", "distance", "ranking", "rse_type", "deterministic", "volatile", "hostname", "port", "prefix", "impl",
            "domains", "email", "identity", "authtype", "password", "reason", "replicas", "pfns", "force", "activity", "comment",
            "asynchronous", "source_replica_expression", "notify", "priority", "ignore_availability", "open", "monotonic", "did_type",
            "bytes_limit", "max_transfers", "direction", "filters", "volume", "path", "guid", "events", "tombstone", "recursive",
            "child_rule_id", "rse_id", "updated_after", "expression", "kind", "rule_id", "status", "read", "write", "delete");
    private static final List<String> NUMBERS = List.of("0", "-1", "1", "2", "2147483647", "2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1.5", "-0", "1e-400",
            "123456789012345678901234567890", "0.0");
    private static final List<String> MALFORMED = List.of("{", "}", "[", "{\"a\":", "{\"a\" 1}", "{'a': 1}", "{\"a\":1,}", "nul", "tru",
            "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "\"unterminated", "{\"a\":\"\\u00\"}", "{\"a\":01}", "[1,2", "\u0000",
            "{\"a\":\"\u0000\"}", "{\"\u0000\":1}", "\uFEFF{}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":\"\\ud800\"}", "-", "1e",
            "{\"a\":[" + "[".repeat(2000) + "]}");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<JsonNode> HOSTILE = List.of(TextNode.valueOf(NUL), TextNode.valueOf("a" + NUL), TextNode.valueOf(""),
            TextNode.valueOf("z".repeat(5000)), TextNode.valueOf("-9223372036854775809"), TextNode.valueOf("1e400"),
            BigIntegerNode.valueOf(new BigInteger("9223372036854775808")), BigIntegerNode.valueOf(new BigInteger("-9223372036854775809")),
            LongNode.valueOf(Long.MAX_VALUE), LongNode.valueOf(Long.MIN_VALUE), LongNode.valueOf(2147483648L), IntNode.valueOf(-1),
            IntNode.valueOf(0), DecimalNode.valueOf(new BigDecimal("1e400")), DoubleNode.valueOf(1.5), BooleanNode.TRUE,
            NullNode.instance, JSON.createArrayNode(), JSON.createObjectNode(), TextNode.valueOf("2026-13-45"), TextNode.valueOf("*"));

    private final Random random;
    private final List<Route> routes;
    private final Map<String, List<String>> known;
    private final Map<String, JsonNode> samples;

    /**
     * @param routes the routes to call
     * @param known for each placeholder name, values that exist on the server under test
     * @param samples valid bodies by "METHOD template"; most requests to those routes send one with a value made hostile
     */
    public ApiFuzzer(long seed, List<Route> routes, Map<String, List<String>> known, Map<String, String> samples) {
        this.random = new Random(seed);
        this.routes = List.copyOf(routes);
        this.known = Map.copyOf(known);
        Map<String, JsonNode> parsed = new LinkedHashMap<>();
        samples.forEach((route, body) -> {
            try {
                parsed.put(route, JSON.readTree(body));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("sample body of " + route + " is not JSON", e);
            }
        });
        this.samples = Map.copyOf(parsed);
    }

    /** The next request, carrying the given headers (a token, usually) most of the time. */
    public Request next(Map<String, String> headers) {
        Route route = pick(routes);
        String method = random.nextInt(20) == 0 ? pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH")) : route.method();
        String target = path(route.template()) + query();
        Map<String, String> sent = new LinkedHashMap<>(random.nextInt(20) == 0 ? Map.of() : headers);
        if (random.nextInt(10) == 0) {
            sent.put("Content-Type", pick(List.of("text/plain", "application/x-www-form-urlencoded", "application/json; charset=latin1")));
        }
        JsonNode sample = samples.get(route.method() + " " + route.template());
        byte[] body = route.template().equals("/replicas/import") ? ndjson()
                : sample != null && random.nextInt(4) != 0 ? mutated(sample) : body(method);
        BodyMode mode = random.nextInt(5) == 0 ? BodyMode.CHUNKED : BodyMode.LENGTH;
        return new Request(method, target, sent, body, mode, body.length);
    }

    /** The sample with one value replaced by a hostile one (or one unknown key added). */
    private byte[] mutated(JsonNode sample) {
        JsonNode copy = sample.deepCopy();
        List<JsonNode> containers = new ArrayList<>();
        collect(copy, containers);
        JsonNode container = pick(containers);
        JsonNode hostile = pick(HOSTILE);
        if (container instanceof ObjectNode object) {
            List<String> keys = new ArrayList<>();
            object.fieldNames().forEachRemaining(keys::add);
            object.set(keys.isEmpty() || random.nextInt(10) == 0 ? "unknown" : pick(keys), hostile);
        } else if (container instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), hostile);
        }
        return copy.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void collect(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collect(child, containers));
        }
    }

    private String path(String template) {
        StringBuilder path = new StringBuilder();
        for (String segment : template.split("/", -1)) {
            if (!path.isEmpty() || !segment.isEmpty()) {
                path.append('/');
            }
            path.append(segment.startsWith("{") ? segment(segment.substring(1, segment.length() - 1)) : segment);
        }
        return path.length() == 0 ? "/" : path.toString().replace("//", "/");
    }

    private String segment(String placeholder) {
        List<String> values = known.getOrDefault(placeholder, List.of());
        return !values.isEmpty() && random.nextBoolean() ? pick(values) : pick(JUNK_SEGMENTS);
    }

    private String query() {
        int count = random.nextInt(3) == 0 ? 1 + (random.nextInt(3) == 0 ? random.nextInt(3) : 0) : 0;
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < count; i++) {
            query.append(i == 0 ? '?' : '&').append(pick(QUERY_KEYS)).append('=').append(pick(QUERY_VALUES));
        }
        return query.toString();
    }

    private byte[] body(String method) {
        if (method.equals("GET") && random.nextInt(10) != 0) {
            return new byte[0];
        }
        String text = switch (random.nextInt(10)) {
            case 0 -> "";
            case 1, 2 -> pick(MALFORMED);
            case 3 -> pick(List.of("[]", "1", "\"x\"", "null", "true", "[{}]", "{}")) ;
            default -> object(0);
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private byte[] ndjson() {
        StringBuilder lines = new StringBuilder();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String line = random.nextInt(3) == 0 ? pick(MALFORMED)
                    : "{\"scope\": " + value("scope", 1) + ", \"name\": " + value("name", 1) + ", \"bytes\": " + value("bytes", 1) + "}";
            lines.append(line).append('\n');
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String object(int depth) {
        StringBuilder object = new StringBuilder("{");
        int count = random.nextInt(depth == 0 ? 6 : 3);
        for (int i = 0; i < count; i++) {
            String key = random.nextInt(30) == 0 ? "unknown" + NUL : pick(BODY_KEYS);
            object.append(i == 0 ? "" : ", ").append(string(key)).append(": ").append(value(key, depth + 1));
        }
        return object.append('}').toString();
    }

    private String value(String key, int depth) {
        if ((key.equals("dids") || key.equals("files") || key.equals("attachments") || key.equals("replicas")) && random.nextBoolean()) {
            return "[" + didObject(depth) + (random.nextBoolean() ? ", " + didObject(depth) : "") + "]";
        }
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0, 1 -> string(text(key));
            case 2, 3 -> pick(NUMBERS);
            case 4 -> pick(List.of("true", "false"));
            case 5 -> "null";
            case 6 -> "[" + value(key, depth + 1) + (random.nextBoolean() ? ", " + value(key, depth + 1) : "") + "]";
            default -> object(depth);
        };
    }

    private String didObject(int depth) {
        return "{\"scope\": " + value("scope", depth + 2) + ", \"name\": " + value("name", depth + 2)
                + (random.nextBoolean() ? ", \"bytes\": " + pick(NUMBERS) : "") + (random.nextBoolean() ? ", \"rse\": " + string(text("rse")) : "") + "}";
    }

    private String text(String key) {
        List<String> values = known.getOrDefault(key, List.of());
        if (!values.isEmpty() && random.nextBoolean()) {
            return pick(values);
        }
        return pick(List.of("", "x", NUL, "a" + NUL + "b", "*", "DATASET", "FILE", "CONTAINER", "y".repeat(5000), "-1", "1e400",
                "2026-13-45", "Tue, 03 Nov 2026 10:00:00 UTC", "\uFFFF", "((", "SITE_A|", "true", "9223372036854775808",
                "-9223372036854775809", "2026-01-01T00:00:00Z", "AVAILABLE", "A", "U", "ALL", "wan", "file", "%00", "../..", "é"));
    }

    private static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
