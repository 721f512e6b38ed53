package org.laguna.core.event.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver for tests: the JDK's HTTP server on loopback that checks every request's
 * signature as docs/events.md tells receivers to (HMAC-SHA256 of {@code timestamp + "." + body}
 * under the shared secret, compared in constant time, the timestamp within five minutes of the
 * clock that signed), records what it got, and answers 500 to the next N requests when told.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOLERANCE = Duration.ofMinutes(5);

    private final HttpServer server;
    private final String secret;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Instant signingClock = null;

    /** One request: its headers of interest, its body, whether the signature held, and what was answered. */
    public record Received(String eventType, long eventId, String webhookId, String timestamp, String signature, String body,
            boolean signatureValid, int answered) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private WebhookReceiver(String secret) throws IOException {
        this.secret = secret;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    public static WebhookReceiver start(String secret) {
        try {
            return new WebhookReceiver(secret);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers 500 to the next {@code count} requests. */
    public void failNext(int count) {
        failures.set(count);
    }

    /** The time the sender's clock shows (the timestamps are checked against it; default: this machine's clock). */
    public void signingClock(Instant now) {
        signingClock = now;
    }

    /** Every request received, accepted or not, in arrival order. */
    public synchronized List<Received> all() {
        return List.copyOf(received);
    }

    /** The requests answered 2xx, in arrival order. */
    public synchronized List<Received> accepted() {
        return received.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    public int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String body = new String(bytes, StandardCharsets.UTF_8);
        String timestamp = exchange.getRequestHeaders().getFirst("X-Laguna-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Laguna-Signature");
        boolean valid = "POST".equals(exchange.getRequestMethod()) && verifies(timestamp, signature, body);
        int status;
        if (!valid) {
            status = 401;
        } else if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            status = 500;
        } else {
            status = 204;
        }
        String eventId = exchange.getRequestHeaders().getFirst("X-Laguna-Event-Id");
        synchronized (this) {
            received.add(new Received(exchange.getRequestHeaders().getFirst("X-Laguna-Event"), eventId == null ? -1 : Long.parseLong(eventId),
                    exchange.getRequestHeaders().getFirst("X-Laguna-Webhook"), timestamp, signature, body, valid, status));
        }
        if (status == 500) {
            byte[] answer = "receiver down".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
        } else {
            exchange.sendResponseHeaders(status, -1);
        }
        exchange.close();
    }

    /** The check a receiver makes (docs/events.md, "Verifying a delivery"). */
    private boolean verifies(String timestamp, String signature, String body) {
        if (timestamp == null || signature == null || !signature.startsWith("sha256=")) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            return false;
        }
        Instant now = signingClock == null ? Instant.now() : signingClock;
        if (Duration.between(Instant.ofEpochSecond(seconds), now).abs().compareTo(TOLERANCE) > 0) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            byte[] given = HexFormat.of().parseHex(signature.substring("sha256=".length()));
            return MessageDigest.isEqual(expected, given);
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
