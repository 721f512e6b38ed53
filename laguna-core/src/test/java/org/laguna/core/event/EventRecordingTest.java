package org.laguna.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;
import org.laguna.spi.error.LagunaException;

/** {@code events.record} decides which events the outbox records; the check costs one evaluation per statement. */
class EventRecordingTest {
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @AfterEach
    void recordAllAgain() {
        EventRecording.ALL.apply(core.database());
    }

    @Test
    void allIsTheDefaultAndNoneRecordsNothing() {
        assertThat(EventRecording.parse("all").records("RULE_OK")).isTrue();
        assertThat(EventRecording.parse(" ALL ")).isEqualTo(EventRecording.ALL);
        assertThat(EventRecording.parse("none").records("RULE_OK")).isFalse();
        assertThat(EventRecording.parse("").types()).isEmpty();
    }

    @Test
    void aListNamesEventTypesInAnyCase() {
        EventRecording recording = EventRecording.parse("rule_ok, transfer-done");
        assertThat(recording.types()).containsExactlyInAnyOrder("RULE_OK", "transfer-done");
        assertThat(recording.records("transfer-queued")).isFalse();
    }

    @Test
    void anUnknownEventTypeIsRefusedNamingItAndTheSetting() {
        assertThatThrownBy(() -> EventRecording.parse("RULE_OK,rule-okay"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("events.record").hasMessageContaining("'rule-okay'");
    }

    @Test
    void theOutboxRecordsOnlyTheTypesTheSettingNames() {
        new EventRecording(Set.of()).apply(core.database());
        assertThat(emitBoth()).isZero();

        new EventRecording(Set.of(EventTypes.RULE_OK)).apply(core.database());
        assertThat(emitBoth()).isEqualTo(1);

        EventRecording.ALL.apply(core.database());
        assertThat(emitBoth()).isEqualTo(2);
    }

    @Test
    void theCheckIsEvaluatedOncePerStatementNotPerRow() {
        String plan = core.database().inTransaction(tx -> String.join("\n", tx.query("explain insert into messages (event_type, payload, "
                + "ordering_key, created_at) select 'CLOSE', '{}'::jsonb, g::text, now() from generate_series(1, 100000) g where "
                + Outbox.wanted(EventTypes.CLOSE), rs -> rs.getString(1))));
        assertThat(plan).as(plan).contains("One-Time Filter");
    }

    private static long emitBoth() {
        return core.database().inTransaction(tx -> {
            long before = tx.count("select count(*) from messages");
            Outbox.emit(tx, EventTypes.RULE_OK, "s:n", Map.of("scope", "s"), Instant.now());
            Outbox.emit(tx, EventTypes.CLOSE, "s:n", Map.of("scope", "s"), Instant.now());
            long written = tx.count("select count(*) from messages") - before;
            tx.update("delete from messages where ordering_key = 's:n'");
            return written;
        });
    }
}
