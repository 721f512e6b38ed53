package org.laguna.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.testing.TestCore;

/**
 * Hermes delivering over STOMP with TLS to a real broker on loopback (Artemis with a TLS acceptor
 * whose key and certificate authority are made at test time by keytool): with the authority in
 * {@code hermes.stomp.tls.trust-store} the events arrive and are read back; with the JDK's own
 * authorities the broker is not trusted and nothing leaves the outbox.
 */
class HermesStompTlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LagunaCore core;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static StompConfig tls(StompConfig.Broker broker, Optional<Path> trustStore, Optional<String> password) {
        return new StompConfig(List.of(broker), true, trustStore, password, Optional.of(EmbeddedStompBroker.USER),
                Optional.of(EmbeddedStompBroker.PASSWORD), "/", "/queue/tls", Map.of(), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofMillis(400), 50);
    }

    private static long pending() {
        return core.database().readOnly(tx -> tx.count("select count(*) from messages"));
    }

    @Test
    void eventsGoOverTlsToABrokerWhoseAuthorityIsConfiguredAndNowhereElse() throws Exception {
        TestCertificates certificates = TestCertificates.create(dir);
        try (EmbeddedStompBroker broker = EmbeddedStompBroker.onFreePort().withTls(certificates)) {
            broker.start();
            core.database().inTransactionVoid(tx -> {
                for (int i = 0; i < 25; i++) {
                    Outbox.emit(tx, EventTypes.TRANSFER_DONE, "exp:tls", Map.of("scope", "exp", "name", "tls", "seq", i), core.clock().instant());
                }
            });

            StompConfig untrusted = tls(broker.tlsBroker(), Optional.empty(), Optional.empty());
            try (Hermes hermes = new Hermes(core.database(), Clock.systemUTC(), new HermesConfig(100, Duration.ofDays(1), Optional.of(untrusted)),
                    List.of(new StompDestination(untrusted, Clock.systemUTC())))) {
                assertThat(hermes.runOnce(WorkSlice.ALL)).as("a broker signed by an unknown authority is not trusted").isZero();
                assertThat(pending()).isEqualTo(25);
            }

            StompConfig trusted = tls(broker.tlsBroker(), Optional.of(certificates.trustStore()), Optional.of(certificates.password()));
            try (StompReader reader = StompReader.subscribe(broker.broker(), "/queue/tls");
                 Hermes hermes = new Hermes(core.database(), Clock.systemUTC(), new HermesConfig(100, Duration.ofDays(1), Optional.of(trusted)),
                         List.of(new StompDestination(trusted, Clock.systemUTC())))) {
                for (int i = 0; i < 20 && pending() > 0; i++) {
                    hermes.runOnce(WorkSlice.ALL);
                }
                assertThat(pending()).isZero();
                List<StompReader.Received> got = reader.await(m -> true, 25, Duration.ofSeconds(20));
                assertThat(got).hasSize(25);
                for (int i = 0; i < got.size(); i++) {
                    assertThat(JSON.readTree(got.get(i).body()).at("/payload/seq").asInt()).as("in order").isEqualTo(i);
                    assertThat(got.get(i).eventType()).isEqualTo("transfer-done");
                }
            }
        }
    }
}
