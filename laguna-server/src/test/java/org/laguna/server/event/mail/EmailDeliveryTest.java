package org.laguna.server.event.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.laguna.server.event.mail.MailWorld.received;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.EventDestinations;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.event.Hermes;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.registration.Registration;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.event.mail.MailWorld.Received;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * Hermes mails what happens, through a real SMTP server (GreenMail on loopback, with a login),
 * configured as an operator does in {@code laguna.properties}: with the demo's kind of setup (two
 * POSIX RSEs and a dataset) a rule turns OK, a dataset is complete, a rule is STUCK on an RSE that
 * cannot be written, rules wait for approval and are approved or denied, an account nears its
 * quota, a person registers and is approved. The mail server is down at first: the events wait
 * (the backlog shows in {@code /metrics}), then every mail arrives once it is up, each from its
 * template, to the right people, and nothing is left in the outbox.
 */
class EmailDeliveryTest {
    @TempDir
    Path work;

    @Test
    void everyKindOfMailReachesItsRecipientsOnceTheMailServerIsUp() throws Exception {
        int port = MailWorld.freePort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("hermes.email.host", "127.0.0.1");
        properties.put("hermes.email.port", String.valueOf(port));
        properties.put("hermes.email.security", "none");
        properties.put("hermes.email.username", MailWorld.USER);
        properties.put("hermes.email.password", MailWorld.PASSWORD);
        properties.put("hermes.email.from", MailWorld.FROM);
        properties.put("hermes.email.retry-delay", "PT0.05S");
        properties.put("hermes.email.retry-max-delay", "PT0.1S");
        properties.put("registration.enabled", "true");
        properties.put("registration.terms.version", "v1");
        properties.put("registration.terms.text", "Be nice.");
        properties.put("registration.approval-required", "true");
        GreenMail mail = MailWorld.greenMail(port, "smtp");
        try (TestServer server = TestServer.start(properties)) {
            Rest root = server.root();
            server.createScope("exp", "root");
            Path storage = Files.createDirectories(work.resolve("storage"));
            PosixRses.addUnder(root, "SOURCE", storage);
            PosixRses.addUnder(root, "TARGET", storage);
            Path blocker = Files.writeString(storage.resolve("blocked"), "not a directory");
            PosixRses.add(root, "BLOCKED", blocker.resolve("under"));
            assertThat(root.post("/rses/SOURCE/attr/rule_approvers", Map.of("value", "alice")).status()).isEqualTo(201);

            MailWorld.email(server, "root", "root@laguna.test");
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            MailWorld.account(server, "alice", "alice@laguna.test");
            MailWorld.account(server, "ops", "ops@laguna.test");
            server.core().database().inTransactionVoid(tx ->
                    tx.update("insert into account_attrs (account, key, value) values ('ops', 'admin', 'true'::jsonb)"));
            assertThat(root.post("/accounts/jdoe/limits/local/TARGET", Map.of("bytes", 28)).status()).isEqualTo(201);
            assertThat(root.post("/accounts/jdoe/limits/local/SOURCE", Map.of("bytes", "infinity")).status()).isEqualTo(201);
            assertThat(root.post("/accounts/jdoe/limits/local/BLOCKED", Map.of("bytes", "infinity")).status()).isEqualTo(201);

            Path dir = Files.createDirectories(work.resolve("files"));
            for (int i = 0; i < 3; i++) {
                Files.writeString(dir.resolve("f" + i + ".dat"), "content " + i);
            }
            Run upload = CliRunner.asRoot(server, "upload", "--rse", "SOURCE", "--scope", "exp", "--dataset", "exp:ds", dir.toString());
            assertThat(upload.exit()).as(upload.err()).isZero();
            Path lonely = Files.writeString(work.resolve("stuck.dat"), "waiting for a writable destination");
            Run second = CliRunner.asRoot(server, "upload", "--rse", "SOURCE", "--scope", "exp", lonely.toString());
            assertThat(second.exit()).as(second.err()).isZero();

            // 27 bytes on TARGET of jdoe's 28: past the 90% threshold when the rule's locks are made
            String ok = rule(root, "ds", "TARGET", "Y", false);
            String stuck = rule(root, "stuck.dat", "BLOCKED", "C", false);
            drain(server);
            assertThat(root.get("/rules/" + ok).json().get("state").asText()).isEqualTo("OK");
            assertThat(root.get("/rules/" + stuck).json().get("state").asText()).isEqualTo("STUCK");
            String granted = rule(root, "f0.dat", "SOURCE", "N", true);
            String denied = rule(root, "f1.dat", "SOURCE", "N", true);
            assertThat(root.put("/rules/" + granted, Map.of("options", Map.of("approve", true))).status()).isEqualTo(200);
            assertThat(root.put("/rules/" + denied, Map.of("options", Map.of("approve", false))).status()).isEqualTo(200);

            LagunaCore core = server.core();
            VerifiedToken token = new VerifiedToken("idp", "https://idp.laguna.test", "s-123",
                    VerifiedToken.identityOf("s-123", "https://idp.laguna.test"), Instant.now().plus(Duration.ofHours(1)), Optional.empty(),
                    TokenGrants.NONE, Map.of("preferred_username", "newcomer", "email", "newcomer@laguna.test"));
            Registration registration = core.registrations().register(token, "v1", RequestOrigin.INTERNAL).registration();
            core.registrations().approve(Caller.system("root"), registration.id().toString());

            Hermes hermes = new Hermes(core.database(), core.clock(), HermesConfig.from(core.config().source()), EventDestinations.create(core));
            try (hermes) {
                assertThat(hermes.destinations()).containsExactly("email", "webhook");
                MailWorld.run(hermes, 3);
                long waiting = MailWorld.pending(server);
                assertThat(waiting).as("the mail server is down: the mailed events wait").isGreaterThanOrEqualTo(8);
                assertThat(metricsWithin(root, "laguna_outbox_backlog{destination=\"email\"} " + waiting + ".0"))
                        .contains("laguna_outbox_backlog{destination=\"email\"} " + waiting + ".0");

                mail.start();
                Thread.sleep(150);
                MailWorld.run(hermes, 50);
            }
            assertThat(MailWorld.pending(server)).as("nothing left in the outbox").isZero();
            assertThat(MailWorld.count(server, "select count(*) from email_failures")).isZero();

            List<Received> got = received(mail);
            assertOne(got, "jdoe@laguna.test", "[Laguna] Rule " + ok + " is OK: exp:ds", "expression  TARGET", "notify      Y");
            assertOne(got, "jdoe@laguna.test", "[Laguna] Dataset exp:ds is complete on TARGET", "rule        " + ok);
            Received stuckMail = assertOne(got, "jdoe@laguna.test", "[Laguna] Rule " + stuck + " is STUCK: exp:stuck.dat",
                    "stuck on RSEs      BLOCKED", "exp:stuck.dat on BLOCKED: ");
            assertThat(stuckMail.body()).containsPattern("most attempts      [1-9]").containsPattern("last error         \\S+");
            for (String to : List.of("alice@laguna.test", "ops@laguna.test", "root@laguna.test")) {
                assertOne(got, to, "[Laguna] Approval requested: rule " + granted + " of jdoe on exp:f0.dat", "approvers   alice",
                        "laguna rule approve " + granted);
                assertOne(got, to, "[Laguna] Approval requested: rule " + denied + " of jdoe on exp:f1.dat", "copies      1");
            }
            assertOne(got, "jdoe@laguna.test", "[Laguna] Rule " + granted + " on exp:f0.dat was approved", "root approved your replication rule");
            assertOne(got, "jdoe@laguna.test", "[Laguna] Rule " + denied + " on exp:f1.dat was denied", "root denied your replication rule");
            assertOne(got, "jdoe@laguna.test", "[Laguna] Account jdoe uses 96% of its quota on TARGET", "used        27 B (27 bytes)",
                    "limit       28 B (28 bytes)", "warning threshold is 90%");
            for (String to : List.of("ops@laguna.test", "root@laguna.test")) {
                assertOne(got, to, "[Laguna] Registration received: newcomer", "status        PENDING", "laguna register approve "
                        + registration.id());
            }
            assertOne(got, "newcomer@laguna.test", "[Laguna] Your account newcomer is ready", "the account newcomer is yours");
            assertThat(got).as("exactly these mails: 4 to jdoe about rules, 6 approval requests, 1 quota, 2 registrations, 1 welcome")
                    .hasSize(2 + 1 + 6 + 2 + 1 + 2 + 1);
            assertThat(got).allSatisfy(m -> assertThat(m.body()).contains("Laguna (").doesNotContain("{"));
            Rest.Response history = root.get("/messages?sent=true&event_type=RULE_APPROVAL_GRANTED");
            assertThat(history.json().get(0).get("delivered_to").get(0).asText()).isEqualTo("email");
        } finally {
            mail.stop();
        }
    }

    /** Adds a rule of jdoe on an exp DID, as root; its id. */
    private static String rule(Rest root, String name, String expression, String notify, boolean askApproval) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", expression, "account", "jdoe", "notify", notify, "ask_approval", askApproval));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    /** The conveyor with one attempt per request and an hour before a failed one is tried again, until nothing moves. */
    private static void drain(TestServer server) {
        LagunaCore core = server.core();
        Conveyor conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(1, Duration.ofHours(1), Duration.ofMinutes(15)),
                core.transferTool()));
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }
    }

    /** The one mail to that address with that subject, whose body holds the texts. */
    private static Received assertOne(List<Received> got, String to, String subject, String... body) {
        List<Received> matching = got.stream().filter(m -> m.to().equals(to) && m.subject().equals(subject)).toList();
        assertThat(matching).as("mails to %s with subject '%s' among %s", to, subject,
                got.stream().map(m -> m.to() + ": " + m.subject()).toList()).hasSize(1);
        for (String text : body) {
            assertThat(matching.get(0).body()).as(matching.get(0).body()).contains(text);
        }
        return matching.get(0);
    }

    private static String metricsWithin(Rest root, String text) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String body = root.get("/metrics").body();
        while (!body.contains(text) && System.nanoTime() < end) {
            Thread.sleep(200);
            body = root.get("/metrics").body();
        }
        return body;
    }
}
