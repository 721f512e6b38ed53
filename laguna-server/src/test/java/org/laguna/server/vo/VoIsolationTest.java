package org.laguna.server.vo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.Daemons;
import org.laguna.core.LagunaCore;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.testing.TestCore;
import org.laguna.server.LagunaServer;
import org.laguna.server.daemon.DaemonLauncher;
import org.laguna.server.http.BodyLimits;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.RowCounts;
import org.laguna.server.testing.authz.Call;
import org.laguna.server.testing.authz.Fixtures;
import org.laguna.server.testing.authz.MatrixEntry;
import org.laguna.server.testing.authz.RestApiMatrix;

/**
 * Two VOs on one server hold the same names (account jdoe, scope user.jdoe, RSEs SITE-A and
 * SITE-B, a dataset with a file and a rule) and never see each other's: every route called as the
 * second VO's root and users answers nothing of the first's and changes nothing of it; a token
 * works in its own VO only; the second VO's daemons replicate its rule and leave the first's alone.
 */
class VoIsolationTest {
    private static final String SUPER_ROOT_PASSWORD = "Super-root-pw-47";
    private static LagunaCore core;
    private static LagunaServer server;
    private static String url;
    private static Path storage;
    /** VO one (A) runs no daemons; VO two (B) runs all of them. */
    private static Rest rootA;
    private static Rest rootB;
    private static String ruleA;
    private static String ruleB;

    @BeforeAll
    static void start() throws IOException {
        LagunaConfig config = TestCore.config();
        Files.writeString(config.home().resolve("laguna.properties"), TestCore.TEST_PROPERTIES
                + "vo.multi-vo=true\nsuper-root.password=" + SUPER_ROOT_PASSWORD + "\ndaemon.sleep=PT0.2S\nvo.pool-size=3\n");
        config = config.withSource(ConfigSource.load(config.home(), Map.of()));
        core = LagunaCore.start(config);
        core.bootstrap();
        Daemons all = Daemons.builtIn();
        server = LagunaServer.start(core, "127.0.0.1", 0, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                BodyLimits.from(config.source()), voCore -> voCore.vo().equals("two")
                        ? DaemonLauncher.start(voCore, all, all.forServer(List.of()), 0, false, Optional.empty())
                        : () -> { });
        url = "http://127.0.0.1:" + server.port();
        Rest superRoot = Rest.login(url, "super_root", "super_root", SUPER_ROOT_PASSWORD);
        for (String vo : List.of("one", "two")) {
            Rest.Response added = superRoot.post("/vos/" + vo, Map.of("description", "VO " + vo));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
        }
        rootA = Rest.login(url, "root", "super_root", SUPER_ROOT_PASSWORD, "one");
        rootB = Rest.login(url, "root", "super_root", SUPER_ROOT_PASSWORD, "two");
        storage = Files.createTempDirectory("laguna-vo-isolation");
        ruleA = sameNames("one", rootA);
        ruleB = sameNames("two", rootB);
    }

    @AfterAll
    static void stop() {
        try {
            server.close();
        } finally {
            core.close();
        }
    }

    /** The same names in a VO: jdoe, user.jdoe, SITE-A and SITE-B, a file uploaded with the CLI, a dataset and a rule; the rule's id. */
    private static String sameNames(String vo, Rest root) throws IOException {
        assertThat(root.post("/accounts/jdoe", Map.of("type", "USER", "email", "jdoe@example.org")).status()).isEqualTo(201);
        assertThat(root.post("/accounts/jdoe/scopes/user.jdoe", Map.of()).status()).isEqualTo(201);
        Path vostorage = storage.resolve(vo);
        PosixRses.addUnder(root, "SITE-A", vostorage);
        PosixRses.addUnder(root, "SITE-B", vostorage);
        Path work = Files.createDirectories(storage.resolve("work-" + vo));
        Path file = Files.writeString(work.resolve("same.data"), "the same name, the bytes of VO " + vo);
        CliRunner.Run upload = CliRunner.run("upload", "--rse", "SITE-A", "--scope", "user.jdoe", file.toString(), "--url", url,
                "--vo", vo, "--account", "root", "--username", "super_root", "--password", SUPER_ROOT_PASSWORD);
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(root.post("/dids/user.jdoe/same.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(root.post("/dids/user.jdoe/same.ds/dids", Map.of("dids", List.of(Map.of("scope", "user.jdoe", "name", "same.data"))))
                .status()).isEqualTo(201);
        Rest.Response rule = root.post("/rules", Map.of("dids", List.of(Map.of("scope", "user.jdoe", "name", "same.ds")), "copies", 1,
                "rse_expression", "SITE-B"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        return rule.json().get(0).asText();
    }

    private static String state(Rest root, String rule) {
        return root.get("/rules/" + rule).json().get("state").asText();
    }

    @Test
    void eachVosDaemonsReplicateItsOwnRuleAndLeaveTheOtherVosAlone() throws InterruptedException {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!"OK".equals(state(rootB, ruleB)) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(state(rootB, ruleB)).as("VO two's daemons replicate VO two's rule").isEqualTo("OK");
        assertThat(PosixRses.stored(storage.resolve("two"), "SITE-B", "same.data")).isNotNull();
        assertThat(state(rootA, ruleA)).as("VO one runs no daemons: nothing moves its rule").isEqualTo("REPLICATING");
        assertThat(PosixRses.stored(storage.resolve("one"), "SITE-B", "same.data")).isNull();
        LagunaCore coreA = server.vos().orElseThrow().get("one").orElseThrow().core();
        long queuedA = coreA.database().readOnly(tx -> tx.count("select count(*) from requests where state = 'QUEUED' and name = 'same.data'"));
        assertThat(queuedA).as("VO one's transfer still waits in its own queue").isEqualTo(1L);
    }

    @Test
    void theSameNamesLiveInBothVosAsDifferentObjects() {
        for (Rest root : List.of(rootA, rootB)) {
            assertThat(root.get("/accounts/jdoe").status()).isEqualTo(200);
            assertThat(root.get("/dids/user.jdoe/same.ds").status()).isEqualTo(200);
        }
        String siteA = rootA.get("/rses/SITE-A").json().get("id").asText();
        String siteB = rootB.get("/rses/SITE-A").json().get("id").asText();
        assertThat(siteA).isNotEqualTo(siteB);
        assertThat(rootB.get("/rules/" + ruleA).status()).as("VO one's rule is unknown in VO two").isEqualTo(404);
        assertThat(rootA.get("/rules/" + ruleB).status()).isEqualTo(404);
    }

    @Test
    void aTokenWorksOnlyInItsOwnVo() {
        for (String other : List.of("def", "one")) {
            Rest.Response refused = rootB.call("GET", "/auth/validate", null, Map.of("X-Rucio-VO", other));
            assertThat(refused.status()).as(other).isEqualTo(401);
            assertThat(refused.exceptionClass()).isEqualTo("CannotAuthenticate");
        }
        Rest.Response own = rootB.call("GET", "/auth/validate", null, Map.of("X-Rucio-VO", "two"));
        assertThat(own.status()).isEqualTo(200);
        Rest defRoot = Rest.login(url, "root", "root", TestCore.ROOT_PASSWORD);
        Rest.Response defTokenInTwo = defRoot.call("GET", "/auth/validate", null, Map.of("X-Rucio-VO", "two"));
        assertThat(defTokenInTwo.status()).isEqualTo(401);
        assertThat(defTokenInTwo.exceptionClass()).isEqualTo("CannotAuthenticate");
        Rest.Response forged = new Rest(url, "one~" + rootB.token().substring("two~".length())).get("/auth/validate");
        assertThat(forged.status()).as("a token of VO two relabelled as VO one's").isEqualTo(401);
        assertThat(new Rest(url, null).call("GET", "/auth/userpass", null, Map.of("X-Rucio-Account", "root",
                "X-Rucio-Username", "root", "X-Rucio-Password", TestCore.ROOT_PASSWORD, "X-Rucio-VO", "two")).status())
                .as("the default VO's root is no account of VO two").isEqualTo(401);
    }

    @Test
    void everyRouteCalledAsAnotherVosAccountsShowsNothingOfTheFirstVoAndChangesNothingOfIt() {
        Fixtures fixturesA = Fixtures.create(url, rootA, "one");
        Fixtures fixturesB = Fixtures.create(url, rootB, "two");
        List<String> markers = new ArrayList<>(fixturesA.markers());
        markers.add(ruleA);
        markers.add(rootA.get("/rses/SITE-A").json().get("id").asText());
        markers.add(rootA.get("/rses/" + fixturesA.rse()).json().get("id").asText());
        String before = fingerprint("one");

        Rest ownerB = fixturesB.login(fixturesB.owner());
        Rest otherB = fixturesB.login(fixturesB.other());
        List<String> leaks = new ArrayList<>();
        int calls = 0;
        for (MatrixEntry entry : RestApiMatrix.entries()) {
            if (RestApiMatrix.KNOWN_ELSEWHERE.contains(entry.route())) {
                continue;
            }
            Map<String, Supplier<Rest>> callers = new LinkedHashMap<>();
            callers.put("other", () -> otherB);
            callers.put("owner", () -> ownerB);
            callers.put("root", () -> rootB);
            for (Map.Entry<String, Supplier<Rest>> caller : callers.entrySet()) {
                Call call = entry.request().apply(fixturesB);
                Rest rest = caller.getKey().equals("owner") && call.owner().isPresent() ? call.owner().get().get() : caller.getValue().get();
                Rest.Response response = call.rawBody() != null
                        ? rest.postRaw(call.path(), call.rawBody())
                        : rest.call(entry.method(), call.path(), call.body(), call.headers());
                calls++;
                String seen = response.body() + " " + response.headers();
                for (String marker : markers) {
                    if (seen.contains(marker)) {
                        leaks.add(entry.name() + " " + call.path() + " as " + caller.getKey() + " of VO two shows " + marker);
                    }
                }
                assertThat(response.status()).as(entry.name() + " as " + caller.getKey()).isLessThan(500);
            }
        }
        assertThat(calls).isGreaterThan(500);
        assertThat(leaks).as("answers in VO two naming objects of VO one").isEmpty();
        assertThat(fingerprint("one")).as("VO one's catalogue after every route was called in VO two").isEqualTo(before);
    }

    /** The rows of the tables requests write, of one VO's catalogue, as one digest. */
    private static String fingerprint(String vo) {
        LagunaCore voCore = server.vos().orElseThrow().get(vo).orElseThrow().core();
        String query = Stream.concat(RowCounts.TABLES.stream(), Stream.of("audit_log", "subscriptions", "tokens", "vos"))
                .map(table -> "(select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from " + table + " t)")
                .collect(Collectors.joining(" || ',' || ", "select ", ""));
        return voCore.database().readOnly(tx -> tx.queryOne(query, rs -> rs.getString(1)).orElseThrow());
    }
}
