package org.laguna.core.event.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Tx;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.OutboxMessage;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Webhooks for administrators: register one (URL, secret, event types, enabled), list them
 * (never with their secret), remove one, send it a test event, list its dead letters and
 * deliver them again.
 */
public final class WebhookService {
    /** The event type of the test event {@link #test} sends (never written to the outbox). */
    public static final String TEST_EVENT = "WEBHOOK_TEST";
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 1024;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_LIMIT = 10_000;

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final WebhookConfig config;
    private final WebhookSecrets secrets;

    public WebhookService(Database database, Permissions permissions, Clock clock, WebhookConfig config) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.secrets = new WebhookSecrets(config.secretKey());
    }

    /** What a new webhook is to be. */
    public record Registration(String url, String secret, List<String> eventTypes, boolean enabled) {
        public Registration {
            eventTypes = List.copyOf(eventTypes);
        }

        @Override
        public String toString() {
            return "Registration[" + url + ", " + eventTypes + (enabled ? "" : ", disabled") + "]";
        }
    }

    /** The outcome of a test delivery: whether the receiver answered 2xx, its status (0 for none) and the error. */
    public record TestResult(boolean ok, int status, String error, long millis) {
        public TestResult {
            Objects.requireNonNull(error, "error is null");
        }
    }

    public Webhook add(Caller caller, Registration registration) {
        String url = url(registration.url());
        String secret = secret(registration.secret());
        List<String> types = eventTypes(registration.eventTypes());
        UUID id = UUID.randomUUID();
        WebhookSecrets.Stored stored = secrets.seal(secret, WebhookIds.text(id));
        return database.inTransaction(tx -> {
            requireAdmin(tx, caller, "add webhooks");
            WebhookStore.insert(tx, id, url, types, stored, registration.enabled(), caller.account(), clock.instant());
            return WebhookStore.list(tx, Optional.of(id)).getFirst();
        });
    }

    public List<Webhook> list(Caller caller) {
        return database.readOnly(tx -> {
            requireAdmin(tx, caller, "list webhooks");
            return WebhookStore.list(tx, Optional.empty());
        });
    }

    /**
     * Enables or disables a webhook and/or sets the event types it takes (empty: all); what is not
     * given stays. A webhook enabled again gets the deliveries queued for it and the new events.
     */
    public Webhook update(Caller caller, String id, Optional<Boolean> enabled, Optional<List<String>> eventTypes) {
        UUID uuid = id(id);
        Optional<List<String>> types = eventTypes.map(WebhookService::eventTypes);
        return database.inTransaction(tx -> {
            requireAdmin(tx, caller, "update webhooks");
            if (!WebhookStore.update(tx, uuid, enabled, types)) {
                throw notFound(id);
            }
            return WebhookStore.list(tx, Optional.of(uuid)).getFirst();
        });
    }

    /** Removes a webhook and the deliveries it is still owed. */
    public void remove(Caller caller, String id) {
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller, "remove webhooks");
            if (!WebhookStore.delete(tx, id(id))) {
                throw notFound(id);
            }
        });
    }

    /** POSTs a {@value #TEST_EVENT} event, signed as every delivery, and says what the receiver answered. */
    public TestResult test(Caller caller, String id) {
        UUID uuid = id(id);
        Delivery target = database.readOnly(tx -> {
            requireAdmin(tx, caller, "test webhooks");
            return WebhookStore.target(tx, uuid).orElseThrow(() -> notFound(id));
        });
        byte[] secret = secrets.open(target.secret(), target.webhookId());
        Instant now = clock.instant();
        String payload = JsonValues.write(Map.of("webhook_id", target.webhookId(), "account", caller.account()));
        OutboxMessage message = new OutboxMessage(0, TEST_EVENT, payload, "webhook:" + target.webhookId(), List.of(), now, Optional.empty());
        Delivery delivery = new Delivery(0, target.webhookId(), target.url(), 0, message.wireType(), message.orderingKey(),
                message.brokerBody(), 0, target.secret());
        long start = System.nanoTime();
        try (WebhookClient client = new WebhookClient(config.timeout())) {
            WebhookClient.Outcome outcome = client.post(delivery, secret, now);
            return new TestResult(outcome.ok(), outcome.status(), outcome.error(), (System.nanoTime() - start) / 1_000_000);
        }
    }

    /** A webhook's dead letters, newest first, below {@code beforeId} when given. */
    public List<DeadLetter> deadLetters(Caller caller, String id, Optional<Long> beforeId, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        UUID uuid = id(id);
        return database.readOnly(tx -> {
            requireAdmin(tx, caller, "list dead letters");
            requireExists(tx, uuid, id);
            return WebhookStore.deadLetters(tx, uuid, beforeId, limit);
        });
    }

    /** Puts a webhook's dead letters (all, or those listed) back in its queue, due now; returns how many. */
    public int redeliver(Caller caller, String id, Optional<List<Long>> deliveryIds) {
        UUID uuid = id(id);
        return database.inTransaction(tx -> {
            requireAdmin(tx, caller, "redeliver dead letters");
            requireExists(tx, uuid, id);
            return WebhookStore.redeliver(tx, uuid, deliveryIds, clock.instant());
        });
    }

    private void requireAdmin(Tx tx, Caller caller, String what) {
        if (!permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not " + what);
        }
    }

    private static void requireExists(Tx tx, UUID uuid, String id) {
        if (WebhookStore.target(tx, uuid).isEmpty()) {
            throw notFound(id);
        }
    }

    private static UUID id(String id) {
        return WebhookIds.parse(id).orElseThrow(() -> notFound(id));
    }

    private static LagunaException notFound(String id) {
        return new LagunaException(ErrorCode.NOT_FOUND, "Webhook " + id + " not found");
    }

    /** An absolute http(s) URL with a host and no user information (the list shows the URL). */
    static String url(String url) {
        if (url == null || url.isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "url not defined");
        }
        String trimmed = url.trim();
        if (trimmed.length() > MAX_URL_LENGTH) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "url must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "url is not a URL: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getHost().isBlank()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "url must be an http:// or https:// URL with a host, got '" + trimmed + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "url must not hold a user name or password; the secret authenticates");
        }
        if (uri.getRawFragment() != null) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "url must not have a fragment (#...), got '" + trimmed + "'");
        }
        return trimmed;
    }

    private static String secret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "secret not defined: every webhook signs its deliveries with one");
        }
        if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "secret must be " + MIN_SECRET_LENGTH + ".." + MAX_SECRET_LENGTH
                    + " characters, got " + secret.length());
        }
        return secret;
    }

    /** The types as Laguna names them (Rucio's lower-case forms are accepted), each once, sorted; empty means all. */
    static List<String> eventTypes(List<String> given) {
        TreeSet<String> types = new TreeSet<>();
        List<String> unknown = new ArrayList<>();
        for (String type : given) {
            String trimmed = type == null ? "" : type.trim();
            Optional<String> known = EventTypes.ALL.stream().filter(t -> t.equals(trimmed)).findFirst()
                    .or(() -> EventTypes.ALL.stream().filter(t -> t.equalsIgnoreCase(trimmed)).findFirst());
            known.ifPresentOrElse(types::add, () -> unknown.add(trimmed));
        }
        if (!unknown.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Unknown event type(s) " + unknown + "; known: "
                    + String.join(", ", new TreeSet<>(EventTypes.ALL)));
        }
        return List.copyOf(types);
    }
}
