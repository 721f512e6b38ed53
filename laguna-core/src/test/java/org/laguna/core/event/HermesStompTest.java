package org.laguna.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
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
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.testing.TestCore;

/** Hermes delivering the outbox to a real STOMP broker (Artemis on loopback), read back by a real STOMP subscriber. */
class HermesStompTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LagunaCore core;
    private static EmbeddedStompBroker broker;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void start() {
        core = TestCore.start();
        broker = EmbeddedStompBroker.started();
    }

    @AfterAll
    static void stop() {
        broker.close();
        core.close();
    }

    @BeforeEach
    void emptyOutbox() {
        core.database().inTransactionVoid(tx -> {
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

    private static StompConfig stomp(List<StompConfig.Broker> brokers, String destination, Map<String, String> byType, String password) {
        return new StompConfig(brokers, false, Optional.empty(), Optional.empty(), Optional.of(EmbeddedStompBroker.USER), Optional.of(password),
                "/", destination, byType, Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofMillis(400), 7);
    }

    private Hermes hermes(StompConfig stomp) {
        HermesConfig config = new HermesConfig(50, Duration.ofDays(30), Optional.of(stomp));
        Hermes hermes = new Hermes(core.database(), Clock.systemUTC(), config, List.of(new StompDestination(stomp, Clock.systemUTC())));
        closing.add(hermes);
        return hermes;
    }

    private StompReader reader(String destination) throws Exception {
        StompReader reader = StompReader.subscribe(broker.broker(), destination);
        closing.add(reader);
        return reader;
    }

    private static void emit(int count, String type, String key) {
        core.database().inTransactionVoid(tx -> {
            for (int i = 0; i < count; i++) {
                Outbox.emit(tx, type, key, Map.of("scope", "exp", "name", key, "seq", i), core.clock().instant());
            }
        });
    }

    private static long count(String sql) {
        return core.database().readOnly(tx -> tx.count(sql));
    }

    private static long pending() {
        return core.database().readOnly(tx -> tx.count("select count(*) from messages"));
    }

    private static long history(String destination) {
        return core.database().readOnly(tx -> tx.count("select count(*) from messages_history where ?::text = any(delivered_to)", destination));
    }

    private static int drain(Hermes hermes) {
        int total = 0;
        for (int i = 0; i < 100; i++) {
            int n = hermes.runOnce(WorkSlice.ALL);
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Test
    void deliversEventsAsRuciosHermesDoesInTheOrderTheyWereWrittenAndKeepsTheHistory() throws Exception {
        StompReader reader = reader("/queue/order");
        emit(120, EventTypes.RULE_OK, "exp:ds1");
        Hermes hermes = hermes(stomp(List.of(broker.broker()), "/queue/order", Map.of(), EmbeddedStompBroker.PASSWORD));

        drain(hermes);

        List<StompReader.Received> got = reader.await(m -> true, 120, Duration.ofSeconds(20));
        assertThat(got).hasSize(120);
        for (int i = 0; i < got.size(); i++) {
            JsonNode body = JSON.readTree(got.get(i).body());
            assertThat(body.get("event_type").asText()).isEqualTo("rule_ok");
            assertThat(body.get("payload").get("seq").asInt()).as("in the order written").isEqualTo(i);
            assertThat(body.get("payload").get("name").asText()).isEqualTo("exp:ds1");
            assertThat(body.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
            assertThat(got.get(i).headers()).containsEntry("event_type", "rule_ok").containsEntry("persistent", "true");
        }
        assertThat(pending()).isZero();
        assertThat(history(StompDestination.NAME)).isEqualTo(120);
    }

    @Test
    void sendsEachEventTypeToItsOwnDestinationWhenOneIsConfigured() throws Exception {
        StompReader transfers = reader("/queue/transfers");
        StompReader others = reader("/queue/others");
        emit(3, EventTypes.TRANSFER_DONE, "exp:f1");
        emit(2, EventTypes.CLOSE, "exp:ds2");

        drain(hermes(stomp(List.of(broker.broker()), "/queue/others", Map.of("transfer-done", "/queue/transfers"),
                EmbeddedStompBroker.PASSWORD)));

        assertThat(transfers.await(m -> true, 3, Duration.ofSeconds(20))).extracting(StompReader.Received::eventType)
                .containsOnly("transfer-done").hasSize(3);
        assertThat(others.await(m -> true, 2, Duration.ofSeconds(20))).extracting(StompReader.Received::eventType)
                .containsOnly("close").hasSize(2);
    }

    @Test
    void aBrokerThatIsDownDelaysDeliveryAndTheBacklogShowsItButNothingIsLost() throws Exception {
        EmbeddedStompBroker later = EmbeddedStompBroker.onFreePort();
        closing.add(later);
        emit(40, EventTypes.TRANSFER_QUEUED, "exp:f2");
        Hermes hermes = hermes(stomp(List.of(later.broker()), "/queue/later", Map.of(), EmbeddedStompBroker.PASSWORD));
        MessageService messages = new MessageService(core.database(), core.permissions());

        assertThat(hermes.runOnce(WorkSlice.ALL)).as("nothing delivered while the broker is down").isZero();
        assertThat(hermes.runOnce(WorkSlice.ALL)).as("backing off").isZero();
        assertThat(messages.backlog(List.of(StompDestination.NAME))).containsEntry(StompDestination.NAME, 40L).containsEntry("", 40L);

        later.start();
        Thread.sleep(500); // past the reconnect delay
        drain(hermes);
        try (StompReader reader = StompReader.subscribe(later.broker(), "/queue/later")) {
            assertThat(reader.await(m -> true, 40, Duration.ofSeconds(20))).hasSize(40);
        }
        assertThat(messages.backlog(List.of(StompDestination.NAME))).containsEntry(StompDestination.NAME, 0L);
    }

    @Test
    void failsOverToTheNextBrokerWhenTheFirstDoesNotAnswer() throws Exception {
        EmbeddedStompBroker dead = EmbeddedStompBroker.onFreePort();
        StompReader reader = reader("/queue/failover");
        emit(5, EventTypes.DELETION_DONE, "exp:f3");

        drain(hermes(stomp(List.of(dead.broker(), broker.broker()), "/queue/failover", Map.of(), EmbeddedStompBroker.PASSWORD)));

        assertThat(reader.await(m -> true, 5, Duration.ofSeconds(20))).hasSize(5);
        assertThat(pending()).isZero();
    }

    @Test
    void aWrongPasswordDeliversNothingAndKeepsTheEvents() {
        emit(4, EventTypes.RULE_OK, "exp:ds4");
        Hermes hermes = hermes(stomp(List.of(broker.broker()), "/queue/refused", Map.of(), "wrong"));

        assertThat(hermes.runOnce(WorkSlice.ALL)).isZero();
        assertThat(pending()).isEqualTo(4);
        assertThat(history(StompDestination.NAME)).isZero();
    }

    @Test
    void withoutAnyDestinationEventsGoStraightToTheHistory() {
        emit(6, EventTypes.CREATE_DTS, "exp:ds5");
        Hermes hermes = new Hermes(core.database(), Clock.systemUTC(), new HermesConfig(50, Duration.ofDays(30), Optional.empty()), List.of());

        assertThat(hermes.runOnce(WorkSlice.ALL)).isEqualTo(6);
        assertThat(pending()).isZero();
        assertThat(count("select count(*) from messages_history where cardinality(delivered_to) = 0"))
                .isEqualTo(6);
    }

    /** A destination that keeps what it is given, or refuses everything while {@code down}. */
    private static final class RecordingDestination implements EventDestination {
        final List<OutboxMessage> got = new ArrayList<>();
        boolean down;

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public int deliver(List<OutboxMessage> messages) {
            if (down) {
                return 0;
            }
            got.addAll(messages);
            return messages.size();
        }
    }

    @Test
    void eachDestinationProgressesOnItsOwnAndAnEventLeavesTheOutboxOnceAllHaveIt() throws Exception {
        EmbeddedStompBroker later = EmbeddedStompBroker.onFreePort();
        closing.add(later);
        emit(10, EventTypes.TRANSFER_SUBMITTED, "exp:f6");
        StompConfig stomp = stomp(List.of(later.broker()), "/queue/two", Map.of(), EmbeddedStompBroker.PASSWORD);
        RecordingDestination recording = new RecordingDestination();
        Hermes hermes = new Hermes(core.database(), Clock.systemUTC(), new HermesConfig(50, Duration.ofDays(30), Optional.of(stomp)),
                List.of(new StompDestination(stomp, Clock.systemUTC()), recording));
        closing.add(hermes);

        hermes.runOnce(WorkSlice.ALL);
        assertThat(recording.got).hasSize(10);
        assertThat(pending()).as("kept for the broker that is down").isEqualTo(10);
        assertThat(new MessageService(core.database(), core.permissions()).backlog(List.of(StompDestination.NAME, "recording")))
                .containsEntry(StompDestination.NAME, 10L).containsEntry("recording", 0L);

        later.start();
        Thread.sleep(500);
        drain(hermes);
        assertThat(recording.got).as("not given twice").hasSize(10);
        assertThat(pending()).isZero();
        assertThat(count("select count(*) from messages_history where delivered_to @> array['stomp', 'recording']")).isEqualTo(10);
    }

    @Test
    void instancesShareTheEventsByOrderingKeySoEachKeyStaysWithOneInstance() {
        for (int k = 0; k < 20; k++) {
            emit(3, EventTypes.RULE_OK, "exp:key" + k);
        }
        RecordingDestination first = new RecordingDestination();
        RecordingDestination second = new RecordingDestination();
        HermesConfig config = new HermesConfig(1_000, Duration.ofDays(30), Optional.empty());
        new Hermes(core.database(), Clock.systemUTC(), config, List.of(first)).runOnce(new WorkSlice(0, 2));
        new Hermes(core.database(), Clock.systemUTC(), config, List.of(second)).runOnce(new WorkSlice(1, 2));

        assertThat(first.got.size() + second.got.size()).isEqualTo(60);
        assertThat(first.got).isNotEmpty();
        assertThat(second.got).isNotEmpty();
        assertThat(first.got).extracting(OutboxMessage::orderingKey).doesNotContainAnyElementsOf(
                second.got.stream().map(OutboxMessage::orderingKey).toList());
        assertThat(pending()).isZero();
    }
}
