package org.laguna.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Java client of Laguna's (Rucio-compatible) REST API. Authenticates with username/password,
 * keeps the token and renews it once when the server says it expired. Errors come back as
 * {@link LagunaException} with the code of the server's {@code ExceptionClass}.
 */
public final class LagunaClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final ClientConfig config;
    private final HttpClient http;
    private volatile String token;

    public LagunaClient(ClientConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.token = config.token();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    public ClientConfig config() {
        return config;
    }

    public AccountsApi accounts() {
        return new AccountsApi(this);
    }

    public ScopesApi scopes() {
        return new ScopesApi(this);
    }

    public DidsApi dids() {
        return new DidsApi(this);
    }

    public RsesApi rses() {
        return new RsesApi(this);
    }

    public RulesApi rules() {
        return new RulesApi(this);
    }

    public SubscriptionsApi subscriptions() {
        return new SubscriptionsApi(this);
    }

    public TransfersApi transfers() {
        return new TransfersApi(this);
    }

    public ReplicasApi replicas() {
        return new ReplicasApi(this);
    }

    /** The server's version answer of {@code /ping}. */
    public JsonNode ping() {
        return send("GET", "/ping", null, false);
    }

    public JsonNode whoami() {
        return get("/accounts/whoami");
    }

    /** Path from parts, each quoted as Rucio's client does (quote_plus). */
    public static String path(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            // %20 for a space, not '+', which the server's path decoding keeps as a plus sign
            sb.append('/').append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    public static String query(String key, String value) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public JsonNode get(String path) {
        return send("GET", path, null, true);
    }

    /** A GET that sends no token (for the server's open routes). */
    public JsonNode getOpen(String path) {
        return send("GET", path, null, false);
    }

    /**
     * A call authenticated by an access token of an identity provider ({@code Authorization: Bearer})
     * instead of a token of Laguna: the person registering has no account to log in to yet.
     */
    public JsonNode sendWithBearer(String method, String path, Object body, String bearerToken) {
        Objects.requireNonNull(bearerToken, "bearerToken is null");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url() + path)).timeout(Duration.ofMinutes(5))
                    .header("Authorization", "Bearer " + bearerToken)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            if (!"def".equals(config.vo())) {
                request.header("X-Rucio-VO", config.vo());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw error(method, path, response);
            }
            String text = response.body();
            return text == null || text.isBlank() || !looksLikeJson(text) ? null : JSON.readTree(text);
        } catch (IOException | InterruptedException e) {
            throw unreachable(e);
        }
    }

    public JsonNode post(String path, Object body) {
        return send("POST", path, body, true);
    }

    /** A short-lived URL for one operation on one storage object, signed by the server (Rucio's signurl). */
    public String signUrl(String rse, String url, String operation, long lifetimeSeconds) {
        HttpResponse<String> response = exchange("GET", "/credentials/signurl?" + query("rse", rse) + "&" + query("url", url)
                + "&" + query("op", operation) + "&lifetime=" + lifetimeSeconds, null, true, HttpResponse.BodyHandlers.ofString());
        return response.body().trim();
    }

    /** POSTs a prepared text body (for NDJSON uploads). */
    public JsonNode postText(String path, String text) {
        return send("POST", path, new RawBody(text), true);
    }

    /** A body sent as it is, not as JSON. */
    record RawBody(String text) {
    }

    /** POSTs the bytes of a file as they are, streamed from disk. */
    public JsonNode postFile(String path, Path file) {
        return send("POST", path, new FileBody(file), true);
    }

    /** A file's bytes as the body. */
    record FileBody(Path file) {
    }

    public JsonNode put(String path, Object body) {
        return send("PUT", path, body, true);
    }

    public JsonNode delete(String path, Object body) {
        return send("DELETE", path, body, true);
    }

    /** An NDJSON list read lazily, one JSON value per line; close the stream to release the connection. */
    public Stream<JsonNode> stream(String method, String path, Object body) {
        HttpResponse<InputStream> response = exchange(method, path, body, true, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        Iterator<JsonNode> lines = new Iterator<>() {
            private String next = advance();

            private String advance() {
                try {
                    String line;
                    do {
                        line = reader.readLine();
                    } while (line != null && line.isBlank());
                    return line;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public JsonNode next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                try {
                    return JSON.readTree(next);
                } catch (IOException e) {
                    throw new LagunaException(ErrorCode.INTERNAL, "The server sent a line that is not JSON: " + next);
                } finally {
                    next = advance();
                }
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(lines, Spliterator.ORDERED), false)
                .onClose(() -> {
                    try {
                        reader.close();
                    } catch (IOException ignored) {
                        // nothing more to read
                    }
                });
    }

    private JsonNode send(String method, String path, Object body, boolean authenticated) {
        HttpResponse<String> response = exchange(method, path, body, authenticated, HttpResponse.BodyHandlers.ofString());
        String text = response.body();
        if (text == null || text.isBlank() || !looksLikeJson(text)) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static boolean looksLikeJson(String text) {
        char c = text.trim().charAt(0);
        return c == '{' || c == '[' || c == '"' || Character.isDigit(c) || c == 't' || c == 'f' || c == 'n' || c == '-';
    }

    private <T> HttpResponse<T> exchange(String method, String path, Object body, boolean authenticated, HttpResponse.BodyHandler<T> handler) {
        HttpResponse<T> response = once(method, path, body, authenticated, handler);
        if (authenticated && response.statusCode() == 401 && "CannotAuthenticate".equals(response.headers().firstValue("ExceptionClass").orElse(""))) {
            discard(response);
            token = null;
            response = once(method, path, body, true, handler);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(method, path, response);
        }
        return response;
    }

    private <T> HttpResponse<T> once(String method, String path, Object body, boolean authenticated, HttpResponse.BodyHandler<T> handler) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url() + path)).timeout(Duration.ofHours(1));
            if (authenticated) {
                request.header("X-Rucio-Auth-Token", token());
            }
            if (!"def".equals(config.vo())) {
                request.header("X-Rucio-VO", config.vo());
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                    : body instanceof RawBody raw ? HttpRequest.BodyPublishers.ofString(raw.text())
                    : body instanceof FileBody file ? HttpRequest.BodyPublishers.ofFile(file.file())
                    : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            return http.send(request.build(), handler);
        } catch (IOException | InterruptedException e) {
            throw unreachable(e);
        }
    }

    /** A failure to reach the server, with what to check. */
    private LagunaException unreachable(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while talking to " + config.url());
        }
        if (e instanceof ConnectException) {
            return new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Cannot connect to " + config.url() + " (is the server running?)");
        }
        return new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Cannot talk to " + config.url() + ": " + e.getMessage());
    }

    private String token() {
        String current = token;
        if (current != null) {
            return current;
        }
        if (config.username() == null || config.password() == null) {
            if (config.token() != null) {
                throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "The token saved by 'laguna login' for " + config.username()
                        + " is no longer accepted (expired or revoked): run 'laguna login' again");
            }
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "No username and password configured for " + config.url()
                    + ": give --username and --password, or run 'laguna login'");
        }
        current = authenticate(config.password()).token();
        token = current;
        return current;
    }

    /** A token of the server and when it expires (as the server wrote it), from {@code /auth/userpass}. */
    public record AuthToken(String token, String expires) {
    }

    /** Asks the server for a token for the configured account and username with this password. */
    public AuthToken authenticate(String password) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url() + "/auth/userpass"))
                    .header("X-Rucio-Account", config.account())
                    .header("X-Rucio-Username", config.username())
                    .header("X-Rucio-Password", password)
                    .GET();
            if (!"def".equals(config.vo())) {
                request.header("X-Rucio-VO", config.vo());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw error("GET", "/auth/userpass", response);
            }
            String value = response.headers().firstValue("X-Rucio-Auth-Token")
                    .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "The server gave no token"));
            return new AuthToken(value, response.headers().firstValue("X-Rucio-Auth-Token-Expires").orElse(null));
        } catch (IOException | InterruptedException e) {
            throw unreachable(e);
        }
    }

    /**
     * Starts a login through the server's OIDC provider, as the Rucio client does with polling:
     * answers the URL the user opens in a browser (and {@link #fetchOidcToken} polls).
     */
    public String startOidcLogin(String issuer, String scope) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url() + "/auth/oidc"))
                    .header("X-Rucio-Account", config.account())
                    .header("X-Rucio-Client-Authorize-Polling", "True")
                    .GET();
            if (issuer != null) {
                request.header("X-Rucio-Client-Authorize-Issuer", issuer);
            }
            if (scope != null) {
                request.header("X-Rucio-Client-Authorize-Scope", scope);
            }
            if (!"def".equals(config.vo())) {
                request.header("X-Rucio-VO", config.vo());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw error("GET", "/auth/oidc", response);
            }
            return response.headers().firstValue("X-Rucio-OIDC-Auth-URL")
                    .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "The server gave no login URL"));
        } catch (IOException | InterruptedException e) {
            throw unreachable(e);
        }
    }

    /** The token of an OIDC login once the user completed it in the browser; empty while not yet. */
    public Optional<AuthToken> fetchOidcToken(String loginUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(loginUrl))
                    .header("X-Rucio-Client-Fetch-Token", "True").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Optional.of(new AuthToken(response.headers().firstValue("X-Rucio-Auth-Token")
                        .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "The server gave no token")),
                        response.headers().firstValue("X-Rucio-Auth-Token-Expires").orElse(null)));
            }
            LagunaException failure = error("GET", "/auth/oidc_redirect", response);
            if (failure.getMessage().contains("not completed yet")) {
                return Optional.empty();
            }
            throw failure;
        } catch (IOException | InterruptedException e) {
            throw unreachable(e);
        }
    }

    private static LagunaException error(String method, String path, HttpResponse<?> response) {
        String exceptionClass = response.headers().firstValue("ExceptionClass").orElse("");
        String message = response.headers().firstValue("ExceptionMessage").orElse(null);
        String body = bodyText(response);
        if (body != null && body.startsWith("{")) {
            try {
                JsonNode json = JSON.readTree(body);
                if (json.hasNonNull("ExceptionMessage")) {
                    message = json.get("ExceptionMessage").asText();
                }
                if (exceptionClass.isEmpty() && json.hasNonNull("ExceptionClass")) {
                    exceptionClass = json.get("ExceptionClass").asText();
                }
            } catch (IOException ignored) {
                // keep the header's message
            }
        }
        int status = response.statusCode();
        if (message == null || message.isBlank()) {
            message = method + " " + path + " answered HTTP " + status;
        }
        boolean outcomeUnknown = status >= 500 && !"GET".equals(method);
        if (outcomeUnknown) {
            message = message + " (the outcome of this " + method + " is unknown: check before retrying)";
        }
        ErrorCode code = ErrorCode.fromAnswer(response.headers().firstValue(ErrorCode.HEADER).orElse(null), exceptionClass, status);
        return new LagunaException(code, message, outcomeUnknown, null);
    }

    private static String bodyText(HttpResponse<?> response) {
        Object body = response.body();
        if (body instanceof String s) {
            return s;
        }
        if (body instanceof InputStream in) {
            try (in) {
                return new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }
        return null;
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // discarded anyway
            }
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
