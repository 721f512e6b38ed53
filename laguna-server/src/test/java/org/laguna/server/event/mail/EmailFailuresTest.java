package org.laguna.server.event.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.event.Hermes;
import org.laguna.server.event.mail.MailWorld.Received;
import org.laguna.server.testing.TestServer;

/**
 * Mails that cannot be delivered: a recipient the server refuses for good (550) and an address that
 * is not one are recorded in {@code email_failures} and passed over, and the mails after them go
 * out in the same cycle; a mail server that is down holds every mail back and loses none of them.
 */
class EmailFailuresTest {
    @TempDir
    Path work;

    @Test
    void aRefusedRecipientAndABadAddressAreRecordedAndSkippedAndTheNextMailGoesOut() throws Exception {
        GreenMail mail = MailWorld.greenMail(0, "smtp");
        mail.start();
        try (TestServer server = TestServer.start();
             StrictSmtpRelay relay = new StrictSmtpRelay(MailTls.get().serverContext(), MailWorld.USER, MailWorld.PASSWORD,
                     mail.getSmtp().getPort(), Set.of("gone@laguna.test"))) {
            MailWorld.account(server, "gone", "gone@laguna.test");
            MailWorld.account(server, "typo", "jdoe at laguna dot test");
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            MailWorld.quotaEvent(server, "gone", "DISK");
            MailWorld.quotaEvent(server, "typo", "DISK");
            MailWorld.quotaEvent(server, "jdoe", "DISK");
            try (Hermes hermes = MailWorld.hermes(server, MailWorld.config(work, Map.of("hermes.email.host", "127.0.0.1",
                    "hermes.email.port", String.valueOf(relay.port()), "hermes.email.tls.ca-file", MailTls.get().caPem().toString(),
                    "hermes.email.username", MailWorld.USER, "hermes.email.password", MailWorld.PASSWORD)))) {
                MailWorld.run(hermes, 1);
            }
            assertThat(MailWorld.pending(server)).as("one cycle: the refused mails did not hold the queue").isZero();
            assertThat(MailWorld.received(mail)).extracting(Received::to).containsExactly("jdoe@laguna.test");
            List<String> failures = server.core().database().readOnly(tx -> tx.query(
                    "select recipient || ' ' || event_type || ' ' || error from email_failures order by id", rs -> rs.getString(1)));
            assertThat(failures).hasSize(2);
            assertThat(failures.get(0)).startsWith("gone@laguna.test QUOTA_NEAR_LIMIT").contains("550");
            assertThat(failures.get(1)).startsWith("jdoe at laguna dot test QUOTA_NEAR_LIMIT").contains("not an e-mail address");
        } finally {
            mail.stop();
        }
    }

    @Test
    void aMailServerThatIsDownDelaysEveryMailAndLosesNone() throws Exception {
        int port = MailWorld.freePort();
        GreenMail mail = MailWorld.greenMail(port, "smtp");
        try (TestServer server = TestServer.start()) {
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            int events = 200;
            for (int i = 0; i < events; i++) {
                MailWorld.quotaEvent(server, "jdoe", "DISK_" + i);
            }
            Map<String, String> keys = Map.of("hermes.email.host", "127.0.0.1", "hermes.email.port", String.valueOf(port),
                    "hermes.email.security", "none", "hermes.email.username", MailWorld.USER, "hermes.email.password", MailWorld.PASSWORD);
            try (Hermes hermes = MailWorld.hermes(server, MailWorld.config(work, keys))) {
                for (int i = 0; i < 5; i++) {
                    MailWorld.run(hermes, 2);
                    Thread.sleep(60);
                }
                assertThat(MailWorld.count(server, "select count(*) from messages "
                        + "where event_type = 'QUOTA_NEAR_LIMIT'")).as("down: every mail waits").isEqualTo(events);

                mail.start();
                Thread.sleep(300);
                MailWorld.run(hermes, 50);
            }
            assertThat(MailWorld.count(server, "select count(*) from messages "
                    + "where event_type = 'QUOTA_NEAR_LIMIT'")).isZero();
            assertThat(mail.waitForIncomingEmail(5_000, events)).isTrue();
            List<Received> got = MailWorld.received(mail);
            assertThat(got).hasSize(events);
            assertThat(got.stream().map(Received::subject).distinct()).hasSize(events);
            assertThat(MailWorld.count(server, "select count(*) from messages_history "
                    + "where event_type = 'QUOTA_NEAR_LIMIT' and 'email' = any(delivered_to)")).isEqualTo(events);
        } finally {
            mail.stop();
        }
    }
}
