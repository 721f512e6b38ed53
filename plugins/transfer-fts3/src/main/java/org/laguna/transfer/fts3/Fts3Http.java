package org.laguna.transfer.fts3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.transfer.TransferToolException;

/**
 * The HTTP exchange with FTS3's REST API: authentication, timeouts, and errors turned into
 * {@link TransferToolException}s that say whether the request may have taken effect.
 */
final class Fts3Http implements AutoCloseable {
    /** Answers of a gateway that gave up waiting: FTS3 itself may have done the work. */
    private static final Set<Integer> GATEWAY_GAVE_UP = Set.of(502, 504);

    private final Fts3Config config;
    private final BearerToken token;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();
    private final Optional<PemFiles.ClientCredential> credential;

    Fts3Http(Fts3Config config) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.token = new BearerToken(config.token(), config.tokenFile());
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        this.credential = PemFiles.clientCredential(config);
        PemFiles.sslContext(config, credential).ifPresent(builder::sslContext);
        this.client = builder.build();
    }

    ObjectMapper json() {
        return json;
    }

    /** The client certificate and key presented to FTS3, if any. */
    Optional<PemFiles.ClientCredential> credential() {
        return credential;
    }

    /** An answer: its status and its body parsed as JSON (a missing node when it had none or was not JSON). */
    record Answer(int status, JsonNode body, String text) {
    }

    /**
     * Sends a request and returns the answer when its status is one of {@code accepted}; any other
     * status becomes an error naming FTS3's reason.
     */
    Answer send(String method, String path, JsonNode body, String action, Set<Integer> accepted) {
        return exchange(method, path, body == null ? null : "application/json", body == null ? null : bytes(body), action, accepted);
    }

    /** Like {@link #send} with a body that is not JSON (a PEM proxy for the delegation). */
    Answer sendText(String method, String path, String contentType, String body, String action, Set<Integer> accepted) {
        return exchange(method, path, contentType, body.getBytes(StandardCharsets.US_ASCII), action, accepted);
    }

    private Answer exchange(String method, String path, String contentType, byte[] body, String action, Set<Integer> accepted) {
        URI uri = URI.create(config.url() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(config.requestTimeout())
                .header("Accept", "application/json");
        token.header().ifPresent(value -> request.header("Authorization", value));
        if (body != null) {
            request.header("Content-Type", contentType);
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new TransferToolException(ErrorCode.TRANSFER_TOOL_UNAVAILABLE, "FTS3 at " + config.url() + " did not accept a connection within " + config.connectTimeout()
                    + " (" + action + ")", false, e);
        } catch (HttpTimeoutException e) {
            throw new TransferToolException("FTS3 at " + config.url() + " did not answer within " + config.requestTimeout() + " ("
                    + action + "); it may have acted on the request", true, e);
        } catch (ConnectException | UnresolvedAddressException e) {
            throw new TransferToolException(ErrorCode.TRANSFER_TOOL_UNAVAILABLE, "Cannot connect to FTS3 at " + config.url() + " (" + action + "): " + describe(e), false, e);
        } catch (SSLHandshakeException e) {
            throw new TransferToolException("TLS handshake with FTS3 at " + config.url() + " failed (" + action + "): " + describe(e), false, e);
        } catch (SSLException e) {
            if (String.valueOf(e.getMessage()).contains("alert")) {
                // the server ended the TLS session with an alert (for example certificate_required): it took no request on it
                throw new TransferToolException("FTS3 at " + config.url() + " refused the TLS session (" + action + "): " + describe(e), false, e);
            }
            throw new TransferToolException("The exchange with FTS3 at " + config.url() + " broke off (" + action + "): " + describe(e)
                    + "; it may have acted on the request", true, e);
        } catch (IOException e) {
            if (e.getCause() instanceof ConnectException || e.getCause() instanceof UnresolvedAddressException) {
                throw new TransferToolException(ErrorCode.TRANSFER_TOOL_UNAVAILABLE, "Cannot connect to FTS3 at " + config.url() + " (" + action + "): " + describe(e), false, e);
            }
            throw new TransferToolException("The exchange with FTS3 at " + config.url() + " broke off (" + action + "): " + describe(e)
                    + "; it may have acted on the request", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransferToolException("Interrupted while waiting for FTS3 (" + action + "); it may have acted on the request", true, e);
        }
        JsonNode parsed = parse(response.body());
        if (!accepted.contains(response.statusCode())) {
            boolean unknown = GATEWAY_GAVE_UP.contains(response.statusCode());
            ErrorCode code = response.statusCode() >= 500 ? ErrorCode.TRANSFER_TOOL_UNAVAILABLE : ErrorCode.TRANSFER_TOOL_ERROR;
            throw new TransferToolException(code, "FTS3 at " + config.url() + " refused to " + action + ": HTTP " + response.statusCode() + ": "
                    + reason(parsed, response.body()) + (unknown ? "; it may have acted on the request" : ""), unknown, null);
        }
        return new Answer(response.statusCode(), parsed, response.body());
    }

    /**
     * FTS3's own explanation in an error answer: {@code {"status": "400 Bad Request", "message": "..."}}, with the
     * signatures of any pre-signed URL it quotes hidden.
     */
    static String reason(JsonNode body, String text) {
        return SignedUrlText.redact(explanation(body, text));
    }

    private static String explanation(JsonNode body, String text) {
        if (body.hasNonNull("message")) {
            return body.get("message").asText();
        }
        if (body.hasNonNull("http_message")) {
            return body.get("http_message").asText();
        }
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return "(no explanation given)";
        }
        return trimmed.length() > 500 ? trimmed.substring(0, 500) + "..." : trimmed;
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return json.missingNode();
        }
        try {
            return json.readTree(text);
        } catch (IOException e) {
            return json.missingNode();
        }
    }

    private byte[] bytes(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().toString();
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    @Override
    public void close() {
        client.close();
    }
}
