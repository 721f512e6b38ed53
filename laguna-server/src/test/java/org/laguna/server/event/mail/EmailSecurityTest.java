package org.laguna.server.event.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.event.Hermes;
import org.laguna.server.event.mail.MailWorld.Received;
import org.laguna.server.testing.TestServer;

/**
 * The connection to the mail server as operators meet it: an authenticated port-587 relay that
 * wants STARTTLS and a login before any mail (the INFN case), SMTPS with TLS from the first byte,
 * the authority of a private CA given as a PEM file. Each wrong setting (no TLS, TLS not offered,
 * an unknown authority, no login, a wrong password) delivers nothing and loses nothing: the event
 * stays in the outbox until hermes is set right.
 */
class EmailSecurityTest {
    @TempDir
    Path work;

    @Test
    void anAuthenticatedStartTlsRelayGetsTheMailOnlyWithTlsAndTheRightLogin() throws Exception {
        MailTls tls = MailTls.get();
        GreenMail mail = MailWorld.greenMail(0, "smtp");
        mail.start();
        try (TestServer server = TestServer.start();
             StrictSmtpRelay relay = new StrictSmtpRelay(tls.serverContext(), MailWorld.USER, MailWorld.PASSWORD, mail.getSmtp().getPort(),
                     Set.of())) {
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            MailWorld.quotaEvent(server, "jdoe", "TARGET");
            Map<String, String> relayKeys = Map.of("hermes.email.host", "127.0.0.1", "hermes.email.port", String.valueOf(relay.port()));

            deliverNothing(server, with(relayKeys, "hermes.email.security", "none", "hermes.email.username", MailWorld.USER,
                    "hermes.email.password", MailWorld.PASSWORD));
            assertThat(relay.events()).containsExactly("REFUSED-BEFORE-TLS");

            deliverNothing(server, with(relayKeys, "hermes.email.security", "starttls", "hermes.email.username", MailWorld.USER,
                    "hermes.email.password", MailWorld.PASSWORD));
            assertThat(relay.events()).as("the relay's certificate is not one the JVM trusts: no login was sent")
                    .containsExactly("REFUSED-BEFORE-TLS");

            String ca = tls.caPem().toString();
            deliverNothing(server, with(relayKeys, "hermes.email.tls.ca-file", ca));
            deliverNothing(server, with(relayKeys, "hermes.email.tls.ca-file", ca, "hermes.email.username", MailWorld.USER,
                    "hermes.email.password", "wrong-password"));
            assertThat(relay.events()).containsExactly("REFUSED-BEFORE-TLS", "STARTTLS", "REFUSED-UNAUTHENTICATED", "STARTTLS", "AUTH-FAILED");

            Map<String, String> plainGreenMail = Map.of("hermes.email.host", "127.0.0.1", "hermes.email.port",
                    String.valueOf(mail.getSmtp().getPort()), "hermes.email.tls.ca-file", ca);
            deliverNothing(server, plainGreenMail);
            assertThat(mail.getReceivedMessages()).as("STARTTLS is required: nothing is sent in the clear to a server without it")
                    .isEmpty();

            try (Hermes hermes = MailWorld.hermes(server, MailWorld.config(work, with(relayKeys, "hermes.email.tls.ca-file", ca,
                    "hermes.email.username", MailWorld.USER, "hermes.email.password", MailWorld.PASSWORD)))) {
                MailWorld.run(hermes, 5);
            }
            assertThat(relay.events()).endsWith("STARTTLS", "AUTH-OK", "RELAYED");
            assertThat(MailWorld.pending(server)).isZero();
            List<Received> got = MailWorld.received(mail);
            assertThat(got).singleElement().satisfies(m -> {
                assertThat(m.to()).isEqualTo("jdoe@laguna.test");
                assertThat(m.subject()).isEqualTo("[Laguna] Account jdoe uses 95% of its quota on TARGET");
                assertThat(m.body()).contains("used        950.0 MB (950000000 bytes)", "limit       1.0 GB (1000000000 bytes)");
            });
        } finally {
            mail.stop();
        }
    }

    @Test
    void smtpsDeliversWhenTheServersAuthorityIsTrusted() throws Exception {
        MailTls tls = MailTls.get();
        GreenMail mail = MailWorld.greenMail(0, "smtps");
        mail.start();
        try (TestServer server = TestServer.start()) {
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            MailWorld.quotaEvent(server, "jdoe", "DISK");
            Map<String, String> keys = Map.of("hermes.email.host", "127.0.0.1", "hermes.email.port", String.valueOf(mail.getSmtps().getPort()),
                    "hermes.email.security", "smtps", "hermes.email.username", MailWorld.USER, "hermes.email.password", MailWorld.PASSWORD);
            deliverNothing(server, keys);
            assertThat(mail.getReceivedMessages()).as("an authority the JVM does not know").isEmpty();
            try (Hermes hermes = MailWorld.hermes(server, MailWorld.config(work, with(keys, "hermes.email.tls.ca-file",
                    tls.caPem().toString())))) {
                MailWorld.run(hermes, 5);
            }
            assertThat(MailWorld.pending(server)).isZero();
            assertThat(MailWorld.received(mail)).singleElement().satisfies(m -> {
                assertThat(m.to()).isEqualTo("jdoe@laguna.test");
                assertThat(m.subject()).isEqualTo("[Laguna] Account jdoe uses 95% of its quota on DISK");
            });
        } finally {
            mail.stop();
        }
    }

    /** Hermes with these settings sends nothing: the mailed event stays in the outbox, not marked as the e-mail's. */
    private void deliverNothing(TestServer server, Map<String, String> keys) throws InterruptedException {
        try (Hermes hermes = MailWorld.hermes(server, MailWorld.config(work, keys))) {
            MailWorld.run(hermes, 2);
        }
        assertThat(MailWorld.count(server, "select count(*) from messages where event_type = 'QUOTA_NEAR_LIMIT' "
                + "and not ('email' = any(delivered_to))")).isEqualTo(1);
    }

    private static Map<String, String> with(Map<String, String> base, String... more) {
        Map<String, String> out = new LinkedHashMap<>(base);
        for (int i = 0; i < more.length; i += 2) {
            out.put(more[i], more[i + 1]);
        }
        return out;
    }
}
