package org.laguna.core.event.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon that POSTs the deliveries hermes queued for the webhooks. Each cycle takes the due
 * deliveries of its slice (ordering keys, as hermes), and sends each queue (one webhook, one
 * ordering key) in the order of its events, queues side by side; the first failure of a queue
 * stops it for this cycle, so later events of that DID wait for the retry. One transaction then
 * removes what the receivers took and records each failure: the next attempt after an exponential
 * backoff, kept in the database (a restart loses no retry), or the dead-letter state after
 * {@code hermes.webhook.max-attempts} failures.
 */
public final class WebhookSender implements Daemon, AutoCloseable {
    public static final String NAME = "webhook-sender";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int PARALLEL_QUEUES = 16;

    private final Database database;
    private final Clock clock;
    private final WebhookConfig config;
    private final WebhookSecrets secrets;
    private final WebhookClient client;

    public WebhookSender(Database database, Clock clock, WebhookConfig config) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.secrets = new WebhookSecrets(config.secretKey());
        this.client = new WebhookClient(config.timeout());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int runOnce(WorkSlice slice) {
        if (!config.enabled()) {
            return 0;
        }
        List<Delivery> due = database.readOnly(tx -> WebhookStore.due(tx, slice, clock.instant(), config.batchSize()));
        if (due.isEmpty()) {
            return 0;
        }
        Map<String, List<Delivery>> queues = new LinkedHashMap<>();
        due.forEach(d -> queues.computeIfAbsent(d.queue(), q -> new ArrayList<>()).add(d));
        List<Long> delivered = new ArrayList<>();
        List<WebhookStore.Failure> failures = new ArrayList<>();
        for (QueueResult result : sendAll(queues.values())) {
            delivered.addAll(result.delivered());
            result.failure().forEach(failures::add);
        }
        Instant now = clock.instant();
        database.inTransactionVoid(tx -> {
            WebhookStore.delivered(tx, delivered);
            WebhookStore.failed(tx, failures, now);
        });
        return delivered.size() + failures.size();
    }

    private record QueueResult(List<Long> delivered, List<WebhookStore.Failure> failure) {
    }

    private List<QueueResult> sendAll(Collection<List<Delivery>> queues) {
        if (queues.size() == 1) {
            return List.of(send(queues.iterator().next()));
        }
        Semaphore permits = new Semaphore(PARALLEL_QUEUES);
        List<QueueResult> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<QueueResult>> futures = new ArrayList<>();
            for (List<Delivery> queue : queues) {
                futures.add(executor.submit(() -> {
                    permits.acquire();
                    try {
                        return send(queue);
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<QueueResult> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    LOG.warn("Sending to a webhook failed unexpectedly", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return results;
    }

    /** Sends one queue in order until the first failure. */
    private QueueResult send(List<Delivery> queue) {
        List<Long> delivered = new ArrayList<>();
        for (Delivery delivery : queue) {
            WebhookClient.Outcome outcome;
            try {
                byte[] secret = secrets.open(delivery.secret(), delivery.webhookId());
                outcome = client.post(new Delivery(delivery.id(), delivery.webhookId(), delivery.url(), delivery.messageId(),
                        delivery.eventType().toLowerCase(Locale.ROOT), delivery.orderingKey(), delivery.body(), delivery.attempts(),
                        delivery.secret()), secret, clock.instant());
            } catch (RuntimeException e) {
                outcome = new WebhookClient.Outcome(false, 0, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            if (outcome.ok()) {
                delivered.add(delivery.id());
                continue;
            }
            int attempts = delivery.attempts() + 1;
            boolean dead = attempts >= config.maxAttempts();
            if (dead) {
                LOG.warn("Webhook {}: event {} ({}) failed {} times, now a dead letter: {}", delivery.webhookId(), delivery.messageId(),
                        delivery.eventType(), attempts, outcome.error());
            } else {
                LOG.info("Webhook {}: event {} ({}) failed (attempt {}), retried in {}: {}", delivery.webhookId(), delivery.messageId(),
                        delivery.eventType(), attempts, config.backoff(attempts), outcome.error());
            }
            return new QueueResult(delivered, List.of(new WebhookStore.Failure(delivery.id(), attempts, outcome.status(), outcome.error(),
                    dead, config.backoff(attempts))));
        }
        return new QueueResult(delivered, List.of());
    }

    @Override
    public void close() {
        client.close();
    }
}
