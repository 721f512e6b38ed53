package org.laguna.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The catalogue the UI tests look at, made through the REST API as root: two POSIX RSEs (one with a
 * secret-looking attribute that no page may show), the accounts alice and bob with passwords, their
 * scopes and quotas, and alice's datasets with rules in each state: OK, REPLICATING, and STUCK after
 * its transfer failed (the source file was registered but never written), plus bob's OK rule and a
 * dataset of {@link #BIG_FILES} files for paging.
 */
final class UiWorld {
    static final String PASSWORD = "Ui-pw-31415";
    static final String RSE_A = "UI_DISK_A";
    static final String RSE_B = "UI_DISK_B";
    static final String SCOPE = "user.alice";
    static final String SECRET = "hunter2-must-not-show";
    static final int BIG_FILES = 250;

    final TestServer server;
    final Rest root;
    final String okRule;
    final String replicatingRule;
    final String stuckRule;
    final String bobRule;

    UiWorld(TestServer server) {
        this.server = server;
        this.root = server.root();
        Path storage;
        try {
            storage = Files.createTempDirectory("laguna-ui-storage");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PosixRses.addUnder(root, RSE_A, storage);
        PosixRses.addUnder(root, RSE_B, storage);
        expect(root.post("/rses/" + RSE_A + "/distances/" + RSE_B, Map.of("distance", 1)));
        expect(root.post("/rses/" + RSE_A + "/attr/country", Map.of("value", "IT")));
        expect(root.post("/rses/" + RSE_A + "/attr/secret_key", Map.of("value", SECRET)));
        for (String account : List.of("alice", "bob", "carol")) {
            expect(root.post("/accounts/" + account, Map.of("type", "USER", "email", account + "@example.org")));
            expect(root.post("/accounts/" + account + "/identities", Map.of("identity", account, "authtype", "USERPASS",
                    "password", PASSWORD, "email", account + "@example.org")));
            expect(root.post("/accounts/" + account + "/scopes/user." + account, Map.of()));
            for (String rse : List.of(RSE_A, RSE_B)) {
                expect(root.post("/accounts/" + account + "/limits/local/" + rse, Map.of("bytes", 1_000_000_000L)));
            }
        }
        dataset(SCOPE, "ds.stuck", List.of("stuck.file"));
        this.stuckRule = rule("alice", SCOPE, "ds.stuck", RSE_B);
        server.drainTransfers();
        dataset(SCOPE, "ds.ok", List.of("ok.file"));
        this.okRule = rule("alice", SCOPE, "ds.ok", RSE_A);
        dataset(SCOPE, "ds.replicating", List.of("replicating.file"));
        this.replicatingRule = rule("alice", SCOPE, "ds.replicating", RSE_B);
        expect(root.post("/dids/" + SCOPE + "/ds.ok/meta/project", Map.of("value", "cygno")));
        expect(root.post("/dids/" + SCOPE + "/ds.ok/meta/note", Map.of("value", "<script>alert('x')</script>")));
        List<String> big = new ArrayList<>();
        for (int i = 0; i < BIG_FILES; i++) {
            big.add(String.format("big.%04d", i));
        }
        dataset(SCOPE, "ds.big", big);
        dataset("user.bob", "bob.ds", List.of("bob.file"));
        this.bobRule = rule("bob", "user.bob", "bob.ds", RSE_A);
    }

    /** A new dataset holding new files, each with a replica of 1,000 bytes on RSE A. */
    void dataset(String scope, String name, List<String> files) {
        expect(root.post("/dids/" + scope + "/" + name, Map.of("type", "DATASET")));
        List<Map<String, Object>> replicas = new ArrayList<>();
        List<Map<String, Object>> children = new ArrayList<>();
        for (String file : files) {
            replicas.add(Map.of("scope", scope, "name", file, "bytes", 1000, "adler32", "0000000a", "state", "A"));
            children.add(Map.of("scope", scope, "name", file));
        }
        expect(root.post("/replicas", Map.of("rse", RSE_A, "files", replicas)));
        expect(root.post("/dids/" + scope + "/" + name + "/dids", Map.of("dids", children)));
    }

    /** A rule of the account on the dataset; answers its id. */
    String rule(String account, String scope, String dataset, String expression) {
        Rest.Response made = expect(root.post("/rules", Map.of("dids", List.of(Map.of("scope", scope, "name", dataset)), "account", account,
                "copies", 1, "rse_expression", expression)));
        return made.json().get(0).asText();
    }

    /** The rule's state as the REST API answers it. */
    String ruleState(String id) {
        return expect(root.get("/rules/" + id)).json().get("state").asText();
    }

    static Rest.Response expect(Rest.Response response) {
        if (response.status() >= 300) {
            throw new IllegalStateException("set-up call failed: " + response);
        }
        return response;
    }
}
