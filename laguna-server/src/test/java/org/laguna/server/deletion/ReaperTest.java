package org.laguna.server.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rule.JudgeCleaner;
import org.laguna.core.transfer.Reaper;
import org.laguna.core.usage.UsageAudit;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** The reaper deleting real files from POSIX RSEs: greedy, by watermark, never locked ones, through storage errors. */
@ExtendWith(ServerPerClass.class)
class ReaperTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        storage = Files.createTempDirectory("laguna-reaper-rse");
        server.createScope("exp", "root");
    }

    private static void createRse(String rse) {
        assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0,
                "prefix", storage.resolve(rse.toLowerCase()).toString(), "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
    }

    private static Path location(String rse, String name) {
        return storage.resolve(rse.toLowerCase()).resolve(Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, "exp", name));
    }

    /** Registers files of {@code bytes} bytes on the RSE, writes them to its storage and gives them tombstones an hour old, the first oldest. */
    private static List<String> files(String rse, String prefix, int count, int bytes) throws Exception {
        List<String> names = IntStream.range(0, count).mapToObj(i -> prefix + "." + i).toList();
        List<Map<String, Object>> files = new ArrayList<>();
        for (String name : names) {
            files.add(Map.of("scope", "exp", "name", name, "bytes", bytes));
            Path file = location(rse, name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "x".repeat(bytes));
        }
        Rest.Response added = root.post("/replicas", Map.of("rse", rse, "files", files));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        for (int i = 0; i < count; i++) {
            int age = count - i;
            String name = names.get(i);
            server.core().database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 hour' "
                    + "- ? * interval '1 minute' where scope = 'exp' and name = ?", age, name));
        }
        return names;
    }

    private static void limit(String rse, String name, long value) {
        assertThat(root.put("/rses/" + rse + "/limits", Map.of("name", name, "value", value)).status()).isEqualTo(200);
    }

    private static Reaper reaper(Reaper.Settings settings) {
        LagunaCore core = server.core();
        return new Reaper(core.database(), core.storage(), core.services().rses().repository(), core.clock(), settings);
    }

    private static List<String> replicasOn(String rse) {
        return server.core().database().readOnly(tx -> tx.query("select p.name from replicas p join rses r on r.id = p.rse_id "
                + "where r.rse = ? order by p.name", rs -> rs.getString(1), rse));
    }

    private static UUID rseId(String rse) {
        return server.core().database().readOnly(tx -> tx.queryOne("select id from rses where rse = ?",
                rs -> rs.getObject(1, UUID.class), rse).orElseThrow());
    }

    private static JsonNode rucioUsage(String rse) {
        return root.get("/rses/" + rse + "/usage?source=rucio").lines().getFirst();
    }

    @Test
    void theWatermarkFreesJustEnoughOldestFirstAndNeverMore() throws Exception {
        createRse("WATERMARK");
        List<String> names = files("WATERMARK", "wm", 8, 10);
        limit("WATERMARK", "MaxSpaceAvailable", 100);
        // 80 of 100 bytes used, 20 free: 35 more are needed, four files of 10 bytes
        limit("WATERMARK", "MinFreeSpace", 55);
        Reaper reaper = reaper(Reaper.Settings.DEFAULTS);

        assertThat(reaper.runOnce(WorkSlice.ALL)).isEqualTo(4);
        assertThat(reaper.runOnce(WorkSlice.ALL)).as("free space is above the watermark now").isZero();

        assertThat(replicasOn("WATERMARK")).containsExactlyElementsOf(names.subList(4, 8));
        for (int i = 0; i < 8; i++) {
            assertThat(Files.exists(location("WATERMARK", names.get(i)))).as(names.get(i)).isEqualTo(i >= 4);
        }
        JsonNode usage = rucioUsage("WATERMARK");
        assertThat(usage.get("used").asLong()).isEqualTo(40);
        assertThat(usage.get("files").asLong()).isEqualTo(4);
    }

    @Test
    void aProtocolWhoseDeletePriorityIsZeroStillDeletes() throws Exception {
        assertThat(root.post("/rses/ZERO_DELETE", Map.of()).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/ZERO_DELETE/protocols/file", Map.of("hostname", "localhost", "port", 0,
                "prefix", storage.resolve("zero_delete").toString(), "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("wan", Map.of("read", 0, "write", 0, "delete", 0))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
        List<String> names = files("ZERO_DELETE", "zerodel", 2, 10);
        root.post("/rses/ZERO_DELETE/attr/greedyDeletion", Map.of("value", true));

        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isEqualTo(2);
        assertThat(replicasOn("ZERO_DELETE")).isEmpty();
        assertThat(Files.exists(location("ZERO_DELETE", names.getFirst()))).isFalse();
    }

    @Test
    void withoutMaxSpaceAvailableTheTotalIsWhatTheStorageReports() throws Exception {
        createRse("REPORTED");
        List<String> names = files("REPORTED", "reported", 5, 10);
        // the storage says 100 bytes in all; Laguna's counter says 50 used: 50 free, 65 wanted, two files go
        Rest.Response usage = root.put("/rses/REPORTED/usage", Map.of("source", "storage", "used", 60, "free", 40));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        limit("REPORTED", "MinFreeSpace", 65);

        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isEqualTo(2);
        assertThat(replicasOn("REPORTED")).containsExactlyElementsOf(names.subList(2, 5));
    }

    @Test
    void aWatermarkThatIsMetDeletesNothing() throws Exception {
        createRse("ROOMY");
        files("ROOMY", "roomy", 3, 10);
        limit("ROOMY", "MaxSpaceAvailable", 1000);
        limit("ROOMY", "MinFreeSpace", 500);

        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isZero();
        assertThat(replicasOn("ROOMY")).hasSize(3);
    }

    @Test
    void greedyDeletionTakesEveryEligibleReplicaButNeverALockedOne() throws Exception {
        createRse("GREEDY");
        List<String> names = files("GREEDY", "greedy", 3, 5);
        root.post("/rses/GREEDY/attr/greedyDeletion", Map.of("value", true));
        Rest.Response rule = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", names.get(0))), "copies", 1,
                "rse_expression", "GREEDY"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        // even with a tombstone that says otherwise, a lock keeps the replica
        server.core().database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 day' "
                + "where name = ?", names.get(0)));

        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isEqualTo(2);

        assertThat(replicasOn("GREEDY")).containsExactly(names.get(0));
        assertThat(location("GREEDY", names.get(0))).exists();
        assertThat(location("GREEDY", names.get(1))).doesNotExist();
    }

    @Test
    void eachDeletedReplicaIsInTheAuditLogWithTheReaperAsActor() throws Exception {
        createRse("AUDITED");
        List<String> names = files("AUDITED", "audited", 3, 5);
        root.post("/rses/AUDITED/attr/greedyDeletion", Map.of("value", true));

        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isGreaterThanOrEqualTo(3);

        List<String> targets = server.core().database().readOnly(tx -> tx.query("select target from audit_log where account = 'reaper' "
                + "and identity = 'reaper' and auth_method = 'daemon' and action = 'delete_replicas' and outcome = 'SUCCESS' "
                + "and target like '%rse=AUDITED%' order by target", rs -> rs.getString(1)));
        assertThat(targets).containsExactly(names.stream().map(n -> "name=" + n + ",rse=AUDITED,scope=exp").toArray(String[]::new));
    }

    @Test
    void aReplicaAlreadyGoneFromStorageCountsAsDeleted() throws Exception {
        createRse("VANISHED");
        List<String> names = files("VANISHED", "vanished", 1, 7);
        Files.delete(location("VANISHED", names.getFirst()));
        root.post("/rses/VANISHED/attr/greedyDeletion", Map.of("value", true));

        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isEqualTo(1);
        assertThat(replicasOn("VANISHED")).isEmpty();
        assertThat(rucioUsage("VANISHED").get("used").asLong()).isZero();
    }

    @Test
    void aStorageErrorKeepsTheReplicaForLaterAndRepeatedErrorsExcludeTheRse() throws Exception {
        createRse("BROKEN");
        List<String> names = files("BROKEN", "broken", 3, 4);
        for (String name : names) {
            // a non-empty directory where the file should be: the storage cannot delete it
            Path file = location("BROKEN", name);
            Files.delete(file);
            Files.createDirectories(file.resolve("inside"));
        }
        root.post("/rses/BROKEN/attr/greedyDeletion", Map.of("value", true));
        Reaper reaper = reaper(new Reaper.Settings(100, 2, Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1)));

        assertThat(reaper.runOnce(WorkSlice.ALL)).isZero();

        assertThat(replicasOn("BROKEN")).containsExactlyElementsOf(names);
        assertThat(reaper.excluded(rseId("BROKEN"))).isTrue();
        List<String> states = server.core().database().readOnly(tx -> tx.query("select p.state || ' ' || (p.tombstone > now()) "
                + "from replicas p join rses r on r.id = p.rse_id where r.rse = 'BROKEN' order by p.name", rs -> rs.getString(1)));
        assertThat(states).as("two failed and wait for a retry, the third was not tried")
                .containsExactly("AVAILABLE true", "AVAILABLE true", "AVAILABLE false");

        // repaired storage: the next process (or this one after the exclusion) deletes them
        for (String name : names) {
            Files.delete(location("BROKEN", name).resolve("inside"));
        }
        server.core().database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 minute' "
                + "where name like 'broken.%'"));
        assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isGreaterThanOrEqualTo(3);
        assertThat(replicasOn("BROKEN")).isEmpty();
    }

    @Test
    void replicasLockedAfterTheClaimAreGivenBackBeforeTheirBytesGoAndThoseLockedMidwayAreCopiedAgain() throws Exception {
        assertThat(root.post("/rses/HOOKED", Map.of()).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/HOOKED/protocols/hooked", Map.of("hostname", "localhost", "port", 0,
                "prefix", storage.resolve("hooked").toString(), "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
        List<String> names = files("HOOKED", "hook", 150, 1);
        root.post("/rses/HOOKED/attr/greedyDeletion", Map.of("value", true));
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        // while the first file's bytes go, a rule locks every other file: the other 99 of the first
        // check's chunk are already on their way, the 50 of the next chunk are not touched
        HookedStorage.beforeDelete = path -> {
            if (first.getAndSet(false)) {
                server.core().database().inTransactionVoid(tx -> tx.update("update replicas set lock_cnt = 1, tombstone = null "
                        + "where name like 'hook.%' and name <> ?", path.getFileName().toString()));
            }
        };
        try {
            assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isEqualTo(1);
        } finally {
            HookedStorage.beforeDelete = path -> { };
        }

        Map<String, Long> states = new java.util.TreeMap<>(server.core().database().readOnly(tx -> tx.query(
                "select state, count(*) from replicas where name like 'hook.%' group by state",
                rs -> Map.entry(rs.getString(1), rs.getLong(2)))).stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        assertThat(states).containsExactly(Map.entry("AVAILABLE", 50L), Map.entry("COPYING", 99L));
        long onDisk = names.stream().filter(name -> Files.exists(location("HOOKED", name))).count();
        assertThat(onDisk).as("the given-back replicas keep their bytes").isEqualTo(50);
    }

    /** A non-deterministic POSIX RSE: replicas keep the path they are registered with. */
    private static String createNonDeterministicRse(String rse) {
        assertThat(root.post("/rses/" + rse, Map.of("deterministic", false)).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0,
                "prefix", storage.resolve(rse.toLowerCase()).toString(), "impl", POSIX,
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
        return storage.resolve(rse.toLowerCase()).toString();
    }

    private static final String POSIX = "rucio.rse.protocols.posix.Default";

    @Test
    void aUserCannotPointAReplicaAtAnotherUsersFileAndHaveTheReaperDeleteIt() throws Exception {
        String prefix = createNonDeterministicRse("SHARED");
        Rest alice = server.createUser("alice", "alice-password");
        Rest mallory = server.createUser("mallory", "mallory-password");
        server.createScope("alice", "alice");
        server.createScope("mallory", "mallory");
        root.post("/accounts/mallory/limits/local/SHARED", Map.of("bytes", 1_000_000));
        Path victim = Path.of(prefix, "alice", "thesis.pdf");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "years of work");
        String pfn = Lfn2Pfn.pfn(POSIX, "file", "localhost", 0, prefix, Map.of(), "alice/thesis.pdf");
        Rest.Response own = alice.post("/replicas", Map.of("rse", "SHARED", "files",
                List.of(Map.of("scope", "alice", "name", "thesis.pdf", "bytes", 13, "pfn", pfn))));
        assertThat(own.status()).as(own.body()).isEqualTo(201);

        // the attack: a replica of one's own file at the other's PFN, a rule that purges it, the rule gone
        Rest.Response claimed = mallory.post("/replicas", Map.of("rse", "SHARED", "files",
                List.of(Map.of("scope", "mallory", "name", "bait", "bytes", 13, "pfn", pfn))));
        Rest.Response rule = mallory.post("/rules/", Map.of("dids", List.of(Map.of("scope", "mallory", "name", "bait")), "copies", 1,
                "rse_expression", "SHARED", "purge_replicas", true));
        if (rule.status() == 201) {
            String id = rule.json().get(0).asText();
            assertThat(mallory.delete("/rules/" + id, Map.of("purge_replicas", true)).status()).isEqualTo(200);
            // the deleted rule expires; once it has, the judge-cleaner removes it
            server.core().database().inTransactionVoid(tx -> tx.update(
                    "update rules set expires_at = now() - interval '1 second' where id = ?::uuid", id));
            new JudgeCleaner(server.core().services().rules()).runOnce(WorkSlice.ALL);
        }
        reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL);

        assertThat(victim).as("the other user's file").exists();
        List<String> states = server.core().database().readOnly(tx -> tx.query(
                "select state from replicas where scope = 'alice' and name = 'thesis.pdf'", rs -> rs.getString(1)));
        assertThat(states).containsExactly("AVAILABLE");
        assertThat(claimed.status()).as(claimed.body()).isEqualTo(409);
        assertThat(claimed.exceptionClass()).isEqualTo("Duplicate");
        assertThat(claimed.json().get("ExceptionMessage").asText()).contains("alice/thesis.pdf");
    }

    @Test
    void theReaperKeepsAFileThatAnotherReplicaOfTheRseStillNames() throws Exception {
        createRse("TWICE");
        List<String> names = files("TWICE", "twice", 4, 3);
        String layout = Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, "exp", names.get(0));
        Path stored = storage.resolve("twice").resolve("kept/bytes");
        Files.createDirectories(stored.getParent());
        Files.writeString(stored, "abc");
        server.core().database().inTransactionVoid(tx -> {
            // as if the catalogue came from before one path per replica was enforced
            tx.update("drop index if exists replicas_path_idx");
            // twice.1 stores the path twice.0 has by the RSE's layout; twice.2 and twice.3 store one path
            tx.update("update replicas set path = ? where name = ?", layout, names.get(1));
            tx.update("update replicas set path = 'kept/bytes' where name = any(?)", tx.array("text", new Object[] {names.get(2), names.get(3)}));
            tx.update("update replicas set lock_cnt = 1, tombstone = null where name = any(?)",
                    tx.array("text", new Object[] {names.get(1), names.get(3)}));
        });
        try {
            root.post("/rses/TWICE/attr/greedyDeletion", Map.of("value", true));

            assertThat(reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL)).isZero();

            assertThat(location("TWICE", names.get(0))).as("the file by the layout that a locked replica stores").exists();
            assertThat(stored).as("the file two replicas store").exists();
            assertThat(replicasOn("TWICE")).containsExactlyElementsOf(names);
        } finally {
            server.core().database().inTransactionVoid(tx -> {
                tx.update("delete from replicas where name like 'twice.%'");
                tx.update("create unique index replicas_path_idx on replicas (rse_id, path) where path is not null");
            });
        }
    }

    @Test
    void theUsageCountersAgreeWithARecountAfterReplicasComeAndGo() throws Exception {
        createRse("COUNTED");
        files("COUNTED", "counted", 5, 3);
        JsonNode before = rucioUsage("COUNTED");
        assertThat(before.get("used").asLong()).isEqualTo(15);
        assertThat(before.get("files").asLong()).isEqualTo(5);
        root.post("/rses/COUNTED/attr/greedyDeletion", Map.of("value", true));
        reaper(Reaper.Settings.DEFAULTS).runOnce(WorkSlice.ALL);
        assertThat(rucioUsage("COUNTED").get("used").asLong()).isZero();
        assertThat(new UsageAudit(server.core().database(), server.core().clock()).differences()).isEmpty();
    }
}
