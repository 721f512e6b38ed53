package org.laguna.server.ui;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.S3Rses;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.s3.S3ProxyServer;

/**
 * The catalogue of {@link UiWorld} on a server of its own whose policy file is Rucio's generic policy
 * with one addition: a rule reaching {@link UiWorld#RSE_B} must ask for approval, and carol (named in
 * that RSE's {@code rule_approvers}) approves it. An S3 RSE on loopback, whose keys only the server
 * knows, holds alice's file {@link #DOWNLOAD} for the download links.
 */
final class UiRuleWorld implements AutoCloseable {
    static final String S3_RSE = "UI_S3";
    static final String S3_SECRET = "ui-s3-secret-never-in-a-page-2718";
    static final String DOWNLOAD = "dl.txt";
    static final String DOWNLOAD_TEXT = "bytes of a file downloaded through a signed link";
    private static final String APPROVAL_STATEMENTS = """
              - id: disk-b-asks-approval
                description: a rule reaching UI_DISK_B waits for an approver
                effect: allow
                actions: add_rule
                on:
                  rse: UI_DISK_B
                  arguments: {account: "{account}", ask_approval: "true", locked: ["!=true", null]}

              - id: disk-b-needs-approval
                effect: deny
                actions: add_rule
                on: {rse: UI_DISK_B}

            """;

    final S3ProxyServer proxy;
    final TestServer server;
    final UiWorld world;

    private UiRuleWorld(S3ProxyServer proxy, TestServer server, UiWorld world) {
        this.proxy = proxy;
        this.server = server;
        this.world = world;
    }

    static UiRuleWorld start() throws Exception {
        S3ProxyServer proxy = S3ProxyServer.start("bucket", "ui-access", S3_SECRET);
        TestServer server = null;
        try {
            server = TestServer.start(Map.of("policy.file", policy().toString(), "storage." + S3_RSE + ".access_key", "ui-access",
                    "storage." + S3_RSE + ".secret_key", S3_SECRET));
            UiWorld world = new UiWorld(server);
            UiWorld.expect(world.root.post("/rses/" + UiWorld.RSE_B + "/attr/rule_approvers", Map.of("value", "carol")));
            UiWorld.expect(S3Rses.add(world.root, S3_RSE, proxy.port(), "/bucket"));
            Path file = Files.createTempDirectory("laguna-ui-download").resolve(DOWNLOAD);
            Files.writeString(file, DOWNLOAD_TEXT);
            CliRunner.Run upload = CliRunner.asRoot(server, "upload", "--rse", S3_RSE, "--scope", UiWorld.SCOPE, file.toString());
            if (upload.exit() != 0) {
                throw new IllegalStateException("upload failed: " + upload.err());
            }
            return new UiRuleWorld(proxy, server, world);
        } catch (Exception | Error e) {
            if (server != null) {
                server.close();
            }
            proxy.close();
            throw e;
        }
    }

    /** Rucio's generic policy with the approval statements right after the administrators'. */
    private static Path policy() throws IOException {
        String generic;
        try (InputStream in = UiRuleWorld.class.getResourceAsStream("/org/laguna/core/permission/policies/generic.yaml")) {
            generic = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String marker = "  - id: administrators-only";
        if (!generic.contains(marker)) {
            throw new IllegalStateException("generic.yaml has no statement " + marker);
        }
        Path file = Files.createTempFile("ui-approval-policy", ".yaml");
        Files.writeString(file, generic.replace(marker, APPROVAL_STATEMENTS + marker));
        return file;
    }

    /** A rule of alice waiting for approval on RSE B, made through the REST API as root; answers its id. */
    String pendingRule(String dataset) {
        return UiWorld.expect(world.root.post("/rules", Map.of("dids", List.of(Map.of("scope", UiWorld.SCOPE, "name", dataset)),
                "account", "alice", "copies", 1, "rse_expression", UiWorld.RSE_B, "ask_approval", true))).json().get(0).asText();
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            proxy.close();
        }
    }
}
