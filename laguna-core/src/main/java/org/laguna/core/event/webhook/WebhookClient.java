package org.laguna.core.event.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * POSTs one signed event to a webhook with the JDK's HTTP client; a 2xx answer is success,
 * anything else (another status, no connection, a timeout) a failure described in a few words.
 */
final class WebhookClient implements AutoCloseable {
    private static final int ERROR_BODY_CHARS = 200;
    private static final String USER_AGENT = "laguna-hermes";

    private final HttpClient http;
    private final Duration timeout;

    WebhookClient(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** What the receiver answered: success, the HTTP status (0 without an answer) and the error in a few words. */
    record Outcome(boolean ok, int status, String error) {
        Outcome {
            Objects.requireNonNull(error, "error is null");
        }
    }

    Outcome post(Delivery delivery, byte[] secret, Instant now) {
        long timestamp = now.getEpochSecond();
        HttpRequest request;
        try {
            request = request(delivery, secret, timestamp);
        } catch (IllegalArgumentException e) {
            return new Outcome(false, 0, "bad request: " + e.getMessage());
        }
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            try (InputStream body = response.body()) {
                if (status >= 200 && status < 300) {
                    return new Outcome(true, status, "");
                }
                String text = new String(body.readNBytes(ERROR_BODY_CHARS), StandardCharsets.UTF_8).strip();
                return new Outcome(false, status, "HTTP " + status + (text.isEmpty() ? "" : ": " + text));
            }
        } catch (IOException e) {
            return new Outcome(false, 0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, 0, "interrupted");
        }
    }

    private HttpRequest request(Delivery delivery, byte[] secret, long timestamp) {
        return HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", USER_AGENT)
                .header(WebhookSignature.EVENT_HEADER, delivery.eventType())
                .header(WebhookSignature.EVENT_ID_HEADER, Long.toString(delivery.messageId()))
                .header(WebhookSignature.WEBHOOK_HEADER, delivery.webhookId())
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofString(delivery.body(), StandardCharsets.UTF_8))
                .build();
    }

    @Override
    public void close() {
        http.close();
    }
}
