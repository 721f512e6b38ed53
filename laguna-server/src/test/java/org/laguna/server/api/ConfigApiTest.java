package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.transfer.Reaper;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** Rucio's /config: options by section for administrators, some read live by the daemons. */
class ConfigApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        user = server.createUser("cfguser", "cfguser-password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anAdministratorSetsReadsAndDeletesOptions() {
        assertThat(root.put("/config/quota/max_files/100", null).status()).isEqualTo(201);
        assertThat(root.post("/config", Map.of("quota", Map.of("policy", "strict", "level", 3))).status()).isEqualTo(201);

        assertThat(root.get("/config/quota/max_files").json().asText()).isEqualTo("100");
        assertThat(root.get("/config/quota").json().get("level").asText()).isEqualTo("3");
        assertThat(root.get("/config").json().get("quota").get("policy").asText()).isEqualTo("strict");

        assertThat(root.delete("/config/quota/max_files").status()).isEqualTo(200);
        Rest.Response gone = root.get("/config/quota/max_files");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.exceptionClass()).isEqualTo("ConfigNotFound");
        assertThat(root.delete("/config/quota").status()).isEqualTo(200);
        assertThat(root.get("/config/quota").exceptionClass()).isEqualTo("ConfigNotFound");
        assertThat(root.delete("/config/quota").status()).isEqualTo(404);
        assertThat(root.delete("/config/quota/level").exceptionClass()).isEqualTo("ConfigNotFound");
    }

    @Test
    void ordinaryAccountsMayNeitherReadNorWrite() {
        root.put("/config/private/secret/1", null);
        for (Rest.Response response : java.util.List.of(user.get("/config"), user.get("/config/private"),
                user.get("/config/private/secret"), user.put("/config/private/secret/2", null),
                user.post("/config", Map.of("private", Map.of("secret", "3"))), user.delete("/config/private/secret"),
                user.delete("/config/private"))) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.exceptionClass()).isEqualTo("AccessDenied");
        }
        assertThat(root.get("/config/private/secret").json().asText()).isEqualTo("1");
    }

    @Test
    void badValuesAreRefused() {
        Rest.Response notANumber = root.put("/config/reaper/batch/many", null);
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.exceptionClass()).isEqualTo("ConfigurationError");
        assertThat(root.put("/config/transfer/retry-delay/soon", null).exceptionClass()).isEqualTo("ConfigurationError");
        Rest.Response notADict = root.post("/config", Map.of("reaper", "batch"));
        assertThat(notADict.status()).isEqualTo(400);
        assertThat(notADict.exceptionClass()).isEqualTo("ValueError");
        assertThat(root.post("/config", Map.of("s", Map.of("o", Map.of("deep", 1)))).exceptionClass()).isEqualTo("ConfigurationError");
        assertThat(root.postRaw("/config", "{\"s\": ").status()).isEqualTo(400);
        assertThat(root.get("/config/reaper/batch").status()).isEqualTo(404);
    }

    @Test
    void transferAndReaperSettingsTakeEffectWithoutARestart() {
        TransferConfig configured = TransferConfig.DEFAULTS;
        Reaper reaper = new Reaper(server.core().database(), server.core().storage(), server.core().services().rses().repository(),
                server.core().clock());
        assertThat(TransferConfig.live(server.core().database(), configured).claim()).isEqualTo(configured.claim());

        root.put("/config/transfer/claim/7", null);
        root.put("/config/transfer/max-attempts/9", null);
        root.put("/config/reaper/batch/12", null);
        root.put("/config/reaper/retry-delay/PT2M", null);
        try {
            TransferConfig live = TransferConfig.live(server.core().database(), configured);
            assertThat(live.claim()).isEqualTo(7);
            assertThat(live.maxAttempts()).isEqualTo(9);
            assertThat(live.jobSize()).isEqualTo(configured.jobSize());
            assertThat(reaper.settings().batch()).isEqualTo(12);
            assertThat(reaper.settings().retryDelay()).isEqualTo(Duration.ofMinutes(2));
        } finally {
            root.delete("/config/transfer");
            root.delete("/config/reaper");
        }
        assertThat(reaper.settings().batch()).isEqualTo(Reaper.Settings.DEFAULTS.batch());
    }
}
