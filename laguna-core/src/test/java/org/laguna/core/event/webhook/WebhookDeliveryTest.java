package org.laguna.core.event.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Caller;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Hermes;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.event.Outbox;
import org.laguna.core.testing.TestCore;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Hermes handing the outbox to webhooks and the sender POSTing it to a real HTTP receiver on
 * loopback that checks every signature: filters, order per DID while a delivery waits for its
 * retry, exponential backoff kept in the database across a restart, dead letters and their
 * redelivery, sealed secrets.
 */
class WebhookDeliveryTest {
    private static final String SECRET = "a-shared-secret-of-the-receiver";
    private static final Caller ROOT = TestCore.root();
    private static LagunaCore core;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private SteppingClock clock;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @BeforeEach
    void empty() {
        clock = new SteppingClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        core.database().inTransactionVoid(tx -> {
            tx.update("delete from webhooks");
            tx.update("delete from messages");
            tx.update("delete from messages_history");
        });
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private WebhookReceiver receiver() {
        WebhookReceiver receiver = WebhookReceiver.start(SECRET);
        closing.add(receiver);
        receiver.signingClock(clock.instant());
        return receiver;
    }

    private static WebhookConfig config(int maxAttempts) {
        return WebhookConfig.DEFAULTS.withRetries(Duration.ofSeconds(30), Duration.ofMinutes(5), maxAttempts);
    }

    private WebhookService service(LagunaCore on, WebhookConfig config) {
        return new WebhookService(on.database(), on.permissions(), clock, config);
    }

    private Webhook add(WebhookConfig config, String url, String... types) {
        return service(core, config).add(ROOT, new WebhookService.Registration(url, SECRET, List.of(types), true));
    }

    private Hermes hermes(LagunaCore on) {
        Hermes hermes = Hermes.create(on.database(), clock, new HermesConfig(100, Duration.ofDays(1), Optional.empty()),
                List.of(new WebhookDestination(on.database(), clock)));
        closing.add(hermes);
        return hermes;
    }

    private WebhookSender sender(LagunaCore on, WebhookConfig config) {
        WebhookSender sender = new WebhookSender(on.database(), clock, config);
        closing.add(sender);
        return sender;
    }

    private static void emit(String type, String scope, String name, int seq) {
        core.database().inTransactionVoid(tx -> Outbox.emit(tx, type, Outbox.didKey(scope, name),
                Map.of("scope", scope, "name", name, "seq", seq), Instant.now()));
    }

    private static void drain(Hermes hermes) {
        for (int i = 0; i < 100 && hermes.runOnce(WorkSlice.ALL) > 0; i++) {
            // until the outbox is empty
        }
    }

    private static long count(String sql, Object... params) {
        return core.database().readOnly(tx -> tx.count(sql, params));
    }

    private void advance(WebhookReceiver receiver, Duration by) {
        clock.advance(by);
        receiver.signingClock(clock.instant());
    }

    @Test
    void postsEachEventSignedAsRuciosBodyInTheOrderWrittenPerDid() {
        WebhookReceiver receiver = receiver();
        Webhook hook = add(config(5), receiver.url());
        for (int i = 0; i < 20; i++) {
            emit(EventTypes.RULE_OK, "exp", i % 2 == 0 ? "even" : "odd", i);
        }
        drain(hermes(core));
        assertThat(count("select count(*) from messages")).as("hermes handed every event over").isZero();
        assertThat(count("select count(*) from messages_history where 'webhook' = any(delivered_to)")).isEqualTo(20);
        assertThat(count("select count(*) from webhook_deliveries")).isEqualTo(20);

        assertThat(sender(core, config(5)).runOnce(WorkSlice.ALL)).isEqualTo(20);

        List<WebhookReceiver.Received> got = receiver.all();
        assertThat(got).hasSize(20).allSatisfy(r -> {
            assertThat(r.signatureValid()).as("signature of " + r.body()).isTrue();
            assertThat(r.answered()).isEqualTo(204);
            assertThat(r.eventType()).isEqualTo("rule_ok");
            assertThat(r.webhookId()).isEqualTo(hook.id());
            assertThat(r.json().get("event_type").asText()).isEqualTo("rule_ok");
            assertThat(r.json().get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
        });
        for (String name : List.of("even", "odd")) {
            List<Integer> seqs = got.stream().filter(r -> r.json().at("/payload/name").asText().equals(name))
                    .map(r -> r.json().at("/payload/seq").asInt()).toList();
            assertThat(seqs).as("events of exp:" + name + " in the order written").isSorted().hasSize(10);
        }
        assertThat(count("select count(*) from webhook_deliveries")).as("nothing left to send").isZero();
    }

    @Test
    void aWebhookGetsOnlyTheEventTypesItAskedFor() {
        WebhookReceiver rules = receiver();
        WebhookReceiver everything = receiver();
        add(config(5), rules.url(), "rule_ok", EventTypes.RULE_STUCK);
        add(config(5), everything.url());
        emit(EventTypes.RULE_OK, "exp", "a", 1);
        emit(EventTypes.CLOSE, "exp", "a", 2);
        emit(EventTypes.RULE_STUCK, "exp", "a", 3);
        emit(EventTypes.TRANSFER_DONE, "exp", "b", 4);
        drain(hermes(core));
        sender(core, config(5)).runOnce(WorkSlice.ALL);

        assertThat(rules.accepted()).extracting(WebhookReceiver.Received::eventType).containsExactly("rule_ok", "rule_stuck");
        assertThat(everything.accepted()).extracting(WebhookReceiver.Received::eventType)
                .containsExactlyInAnyOrder("rule_ok", "close", "rule_stuck", "transfer-done");
    }

    @Test
    void laterEventsOfADidWaitForTheRetryOfAnEarlierOneWhileOtherDidsGoOn() {
        WebhookReceiver receiver = receiver();
        add(config(5), receiver.url());
        emit(EventTypes.RULE_OK, "exp", "x", 1);
        emit(EventTypes.RULE_OK, "exp", "x", 2);
        emit(EventTypes.RULE_OK, "exp", "y", 3);
        drain(hermes(core));
        receiver.failNext(1);
        WebhookSender sender = sender(core, config(5));

        assertThat(sender.runOnce(WorkSlice.ALL)).as("x#1 failed, y#3 delivered").isEqualTo(2);
        assertThat(receiver.accepted()).extracting(r -> r.json().at("/payload/seq").asInt()).containsExactly(3);
        assertThat(sender.runOnce(WorkSlice.ALL)).as("x#2 waits behind x#1's retry").isZero();

        advance(receiver, Duration.ofSeconds(30));
        assertThat(sender.runOnce(WorkSlice.ALL)).isEqualTo(2);
        assertThat(receiver.accepted()).extracting(r -> r.json().at("/payload/seq").asInt()).containsExactly(3, 1, 2);
    }

    @Test
    void retriesBackOffExponentiallyAndSurviveARestartOfTheWholeRuntime() {
        WebhookReceiver receiver = receiver();
        add(config(10), receiver.url());
        emit(EventTypes.RULE_OK, "exp", "r", 1);
        drain(hermes(core));
        receiver.failNext(2);

        LagunaCore first = LagunaCore.start(core.config());
        WebhookSender before = new WebhookSender(first.database(), clock, config(10));
        assertThat(before.runOnce(WorkSlice.ALL)).isEqualTo(1);
        before.close();
        first.close();
        Instant next = core.database().readOnly(tx -> tx.queryOne("select next_attempt_at from webhook_deliveries",
                rs -> rs.getTimestamp(1).toInstant())).orElseThrow();
        assertThat(next).as("first retry after hermes.webhook.retry-delay").isEqualTo(clock.instant().plusSeconds(30));
        assertThat(count("select attempts from webhook_deliveries")).isEqualTo(1);

        LagunaCore restarted = LagunaCore.start(core.config());
        closing.add(restarted);
        WebhookSender after = sender(restarted, config(10));
        advance(receiver, Duration.ofSeconds(29));
        assertThat(after.runOnce(WorkSlice.ALL)).as("not due yet").isZero();
        advance(receiver, Duration.ofSeconds(1));
        assertThat(after.runOnce(WorkSlice.ALL)).as("second attempt, fails").isEqualTo(1);
        next = core.database().readOnly(tx -> tx.queryOne("select next_attempt_at from webhook_deliveries",
                rs -> rs.getTimestamp(1).toInstant())).orElseThrow();
        assertThat(next).as("the delay doubled").isEqualTo(clock.instant().plusSeconds(60));
        advance(receiver, Duration.ofSeconds(60));
        assertThat(after.runOnce(WorkSlice.ALL)).isEqualTo(1);

        assertThat(receiver.all()).extracting(WebhookReceiver.Received::answered).containsExactly(500, 500, 204);
        assertThat(receiver.all()).extracting(WebhookReceiver.Received::eventId).as("the same event id on every attempt")
                .containsOnly(receiver.all().getFirst().eventId());
        assertThat(count("select count(*) from webhook_deliveries")).isZero();
    }

    @Test
    void afterMaxAttemptsADeliveryIsADeadLetterThatAdministratorsListAndRedeliver() {
        WebhookReceiver receiver = receiver();
        Webhook hook = add(config(3), receiver.url());
        emit(EventTypes.RULE_OK, "exp", "d", 1);
        drain(hermes(core));
        receiver.failNext(3);
        WebhookSender sender = sender(core, config(3));
        for (int i = 0; i < 3; i++) {
            assertThat(sender.runOnce(WorkSlice.ALL)).isEqualTo(1);
            advance(receiver, Duration.ofMinutes(5));
        }
        assertThat(sender.runOnce(WorkSlice.ALL)).as("dead letters are not retried").isZero();
        WebhookService service = service(core, config(3));
        List<DeadLetter> dead = service.deadLetters(ROOT, hook.id(), Optional.empty(), 10);
        assertThat(dead).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.lastStatus()).contains(500);
            assertThat(letter.lastError()).contains("HTTP 500").contains("receiver down");
            assertThat(letter.eventType()).isEqualTo(EventTypes.RULE_OK);
            assertThat(letter.orderingKey()).isEqualTo("exp:d");
        });
        assertThat(service.list(ROOT)).singleElement().satisfies(w -> {
            assertThat(w.deadLetters()).isEqualTo(1);
            assertThat(w.pending()).isZero();
            assertThat(w.lastError()).hasValueSatisfying(e -> assertThat(e).contains("HTTP 500"));
        });

        emit(EventTypes.RULE_OK, "exp", "d", 2);
        drain(hermes(core));
        assertThat(sender.runOnce(WorkSlice.ALL)).as("a dead letter does not hold back the DID's later events").isEqualTo(1);

        assertThat(service.redeliver(ROOT, hook.id(), Optional.empty())).isEqualTo(1);
        assertThat(sender.runOnce(WorkSlice.ALL)).isEqualTo(1);
        assertThat(receiver.accepted()).extracting(r -> r.json().at("/payload/seq").asInt()).containsExactly(2, 1);
        assertThat(service.deadLetters(ROOT, hook.id(), Optional.empty(), 10)).isEmpty();
    }

    @Test
    void aDisabledWebhookIsGivenNothing() {
        WebhookReceiver receiver = receiver();
        service(core, config(3)).add(ROOT, new WebhookService.Registration(receiver.url(), SECRET, List.of(), false));
        emit(EventTypes.RULE_OK, "exp", "off", 1);
        drain(hermes(core));
        assertThat(sender(core, config(3)).runOnce(WorkSlice.ALL)).isZero();
        assertThat(receiver.requests()).isZero();
        assertThat(count("select count(*) from messages")).as("hermes is not held up").isZero();
    }

    @Test
    void secretsAreSealedUnderTheConfiguredKeyAndNeverListed() {
        WebhookReceiver receiver = receiver();
        byte[] key = new byte[32];
        key[0] = 7;
        WebhookConfig sealing = config(3).withSecretKey(key);
        Webhook hook = service(core, sealing).add(ROOT, new WebhookService.Registration(receiver.url(), SECRET, List.of(), true));
        byte[] stored = core.database().readOnly(tx -> tx.queryOne("select secret from webhooks", rs -> rs.getBytes(1))).orElseThrow();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        assertThat(count("select count(*) from webhooks where secret_sealed")).isEqualTo(1);
        assertThat(hook.toString()).doesNotContain(SECRET);

        emit(EventTypes.RULE_OK, "exp", "s", 1);
        drain(hermes(core));
        assertThat(sender(core, sealing).runOnce(WorkSlice.ALL)).isEqualTo(1);
        assertThat(receiver.accepted()).hasSize(1).allSatisfy(r -> assertThat(r.signatureValid()).isTrue());

        emit(EventTypes.RULE_OK, "exp", "s", 2);
        drain(hermes(core));
        byte[] other = new byte[32];
        assertThat(sender(core, config(3).withSecretKey(other)).runOnce(WorkSlice.ALL)).as("a failed attempt").isEqualTo(1);
        assertThat(receiver.requests()).as("nothing sent without the secret").isEqualTo(1);
        Optional<String> error = core.database().readOnly(tx -> tx.queryOne("select last_error from webhook_deliveries", rs -> rs.getString(1)));
        assertThat(error).hasValueSatisfying(e -> assertThat(e).contains("hermes.webhook.secret-key"));
    }

    @Test
    void testSendsASignedTestEventAndSaysWhatTheReceiverAnswered() {
        WebhookReceiver receiver = receiver();
        Webhook hook = add(config(3), receiver.url());
        WebhookService service = service(core, config(3));
        WebhookService.TestResult ok = service.test(ROOT, hook.id());
        assertThat(ok.ok()).isTrue();
        assertThat(ok.status()).isEqualTo(204);
        assertThat(receiver.accepted()).singleElement().satisfies(r -> {
            assertThat(r.eventType()).isEqualTo("webhook_test");
            assertThat(r.json().at("/payload/webhook_id").asText()).isEqualTo(hook.id());
        });
        receiver.failNext(1);
        WebhookService.TestResult failed = service.test(ROOT, hook.id());
        assertThat(failed.ok()).isFalse();
        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.error()).contains("receiver down");
    }

    @Test
    void badRegistrationsAndNonAdministratorsAreRefused() {
        WebhookService service = service(core, config(3));
        assertThatThrownBy(() -> service.add(ROOT, new WebhookService.Registration("ftp://example.org/x", SECRET, List.of(), true)))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY))
                .hasMessageContaining("http://");
        assertThatThrownBy(() -> service.add(ROOT, new WebhookService.Registration("not a url", SECRET, List.of(), true)))
                .isInstanceOf(LagunaException.class);
        assertThatThrownBy(() -> service.add(ROOT, new WebhookService.Registration("https://u:p@example.org/", SECRET, List.of(), true)))
                .hasMessageContaining("user name");
        assertThatThrownBy(() -> service.add(ROOT, new WebhookService.Registration("https://example.org/", null, List.of(), true)))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PARAMETER));
        assertThatThrownBy(() -> service.add(ROOT, new WebhookService.Registration("https://example.org/", "short", List.of(), true)))
                .hasMessageContaining("16..");
        assertThatThrownBy(() -> service.add(ROOT, new WebhookService.Registration("https://example.org/", SECRET,
                List.of("RULE_OK", "no-such-event"), true))).hasMessageContaining("no-such-event");
        Caller someone = new Caller("jdoe", "def", "jdoe", "hash", Instant.now().plusSeconds(60));
        assertThatThrownBy(() -> service.add(someone, new WebhookService.Registration("https://example.org/", SECRET, List.of(), true)))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));
        assertThatThrownBy(() -> service.list(someone)).isInstanceOf(LagunaException.class);
        assertThatThrownBy(() -> service.remove(ROOT, "0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(count("select count(*) from webhooks")).isZero();
    }

    @Test
    void backoffDoublesUpToTheMaximum() {
        WebhookConfig config = WebhookConfig.DEFAULTS.withRetries(Duration.ofSeconds(30), Duration.ofMinutes(3), 10);
        assertThat(List.of(config.backoff(1), config.backoff(2), config.backoff(3), config.backoff(4), config.backoff(50)))
                .containsExactly(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofMinutes(3),
                        Duration.ofMinutes(3));
    }
}
