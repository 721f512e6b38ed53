package org.laguna.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Raw HTTP calls against the server, as the Rucio client makes them: tests see the exact wire
 * format (status, headers, JSON, NDJSON).
 */
public final class Rest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String token;

    public Rest(String url, String token) {
        this.url = url;
        this.token = token;
    }

    public static Rest login(String url, String account, String username, String password) {
        Response response = new Rest(url, null).call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Account", account, "X-Rucio-Username", username, "X-Rucio-Password", password));
        if (response.status() != 200) {
            throw new IllegalStateException("login failed: " + response);
        }
        return new Rest(url, response.header("X-Rucio-Auth-Token"));
    }

    /** Logs in to a VO of a server of several VOs ({@code X-Rucio-VO}); the token then selects that VO by itself. */
    public static Rest login(String url, String account, String username, String password, String vo) {
        Response response = new Rest(url, null).call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Account", account, "X-Rucio-Username", username, "X-Rucio-Password", password, "X-Rucio-VO", vo));
        if (response.status() != 200) {
            throw new IllegalStateException("login to VO " + vo + " failed: " + response);
        }
        return new Rest(url, response.header("X-Rucio-Auth-Token"));
    }

    public String token() {
        return token;
    }

    /** Rucio's client quotes each path part with quote_plus; this is the same for tests. */
    public static String q(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }

    public Response get(String path) {
        return call("GET", path, null, Map.of());
    }

    public Response delete(String path) {
        return call("DELETE", path, null, Map.of());
    }

    public Response delete(String path, Object body) {
        return call("DELETE", path, body, Map.of());
    }

    public Response post(String path, Object body) {
        return call("POST", path, body, Map.of());
    }

    public Response put(String path, Object body) {
        return call("PUT", path, body, Map.of());
    }

    /** Sends a raw body text (for malformed-JSON tests). */
    public Response postRaw(String path, String body) {
        return call("POST", path, new Raw(body), Map.of());
    }

    public Response call(String method, String path, Object body, Map<String, String> headers) {
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path));
            if (token != null) {
                builder.header("X-Rucio-Auth-Token", token);
            }
            headers.forEach(builder::header);
            HttpRequest.BodyPublisher publisher = switch (body) {
                case null -> HttpRequest.BodyPublishers.noBody();
                case Raw raw -> HttpRequest.BodyPublishers.ofString(raw.text());
                default -> HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            };
            builder.method(method, publisher);
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Raw(String text) {
    }

    public record Response(int status, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().getFirst()).orElse(null);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        /** The NDJSON lines of a streamed list. */
        public List<JsonNode> lines() {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        rows.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not NDJSON: " + line, e);
                    }
                }
            }
            return rows;
        }

        public String exceptionClass() {
            return header("ExceptionClass");
        }
    }
}
