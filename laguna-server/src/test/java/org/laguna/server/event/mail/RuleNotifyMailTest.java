package org.laguna.server.event.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.event.Hermes;
import org.laguna.server.event.mail.MailWorld.Received;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * A rule's {@code notify} decides its mails as it decides Rucio's messages: N none; Y a mail when
 * the rule is OK and one per dataset complete on an RSE; C (and P) a mail only when the whole rule
 * is OK and its DID is closed, none while the dataset is open.
 */
class RuleNotifyMailTest {
    @TempDir
    Path work;

    @Test
    void notifyNoneEveryAndCloseMailAsRucioNotifies() throws Exception {
        GreenMail mail = MailWorld.greenMail(0, "smtp");
        mail.start();
        try (TestServer server = TestServer.start()) {
            Rest root = server.root();
            server.createScope("exp", "root");
            Path storage = Files.createDirectories(work.resolve("storage"));
            PosixRses.addUnder(root, "SOURCE", storage);
            PosixRses.addUnder(root, "TARGET", storage);
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            assertThat(root.post("/accounts/jdoe/limits/local/TARGET", Map.of("bytes", "infinity")).status()).isEqualTo(201);
            for (String dataset : List.of("ds_n", "ds_y", "ds_c_open", "ds_c_closed", "ds_p_closed")) {
                Path dir = Files.createDirectories(work.resolve(dataset));
                Files.writeString(dir.resolve(dataset + "_1.dat"), "first of " + dataset);
                Files.writeString(dir.resolve(dataset + "_2.dat"), "second of " + dataset);
                Run upload = CliRunner.asRoot(server, "upload", "--rse", "SOURCE", "--scope", "exp", "--dataset", "exp:" + dataset,
                        dir.toString());
                assertThat(upload.exit()).as(upload.err()).isZero();
            }
            for (String closed : List.of("ds_c_closed", "ds_p_closed")) {
                Rest.Response close = root.put("/dids/exp/" + closed + "/status", Map.of("open", false));
                assertThat(close.status()).as(close.body()).isBetween(200, 204);
            }
            Map<String, String> rules = new LinkedHashMap<>();
            for (Map.Entry<String, String> notify : Map.of("ds_n", "N", "ds_y", "Y", "ds_c_open", "C", "ds_c_closed", "C",
                    "ds_p_closed", "P").entrySet()) {
                Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", notify.getKey())),
                        "copies", 1, "rse_expression", "TARGET", "account", "jdoe", "notify", notify.getValue()));
                assertThat(added.status()).as(added.body()).isEqualTo(201);
                rules.put(notify.getKey(), added.json().get(0).asText());
            }
            server.drainTransfers();
            rules.values().forEach(rule -> assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("OK"));

            try (Hermes hermes = MailWorld.hermes(server, MailWorld.config(work, Map.of("hermes.email.host", "127.0.0.1",
                    "hermes.email.port", String.valueOf(mail.getSmtp().getPort()), "hermes.email.security", "none")))) {
                MailWorld.run(hermes, 20);
            }
            assertThat(MailWorld.pending(server)).isZero();
            List<String> subjects = MailWorld.received(mail).stream().map(Received::subject).sorted().toList();
            assertThat(subjects).containsExactlyInAnyOrder(
                    "[Laguna] Rule " + rules.get("ds_y") + " is OK: exp:ds_y",
                    "[Laguna] Dataset exp:ds_y is complete on TARGET",
                    "[Laguna] Rule " + rules.get("ds_c_closed") + " is OK: exp:ds_c_closed",
                    "[Laguna] Rule " + rules.get("ds_p_closed") + " is OK: exp:ds_p_closed");
            assertThat(MailWorld.received(mail)).allSatisfy(m -> assertThat(m.to()).isEqualTo("jdoe@laguna.test"));
        } finally {
            mail.stop();
        }
    }
}
