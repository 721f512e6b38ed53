package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.S3Rses;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.s3.S3ProxyServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who gets which signed URL for an object of an S3 RSE: every account reads, the owner of the
 * file's scope writes only while uploading it, only administrators delete; paths are compared by
 * segments and lifetimes are capped.
 */
class S3SignedUrlPermissionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static S3ProxyServer proxy;
    private static TestServer server;
    private static Rest root;
    private static Rest alice;
    private static Rest bob;
    private static int port;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("bucket", "laguna-access", "laguna-secret");
        port = proxy.port();
        server = TestServer.start(Map.of("storage.S3_DISK.access_key", "laguna-access", "storage.S3_DISK.secret_key", "laguna-secret"));
        root = server.root();
        S3Rses.add(root, "S3_DISK", port, "/bucket");
        alice = server.createUser("alice", "alice-password");
        bob = server.createUser("bob", "bob-password");
        server.createScope("user.alice", "alice");
        server.createScope("user.bob", "bob");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private static Rest.Response sign(Rest caller, String operation, String pfn, long lifetime) {
        return caller.get("/credentials/signurl?rse=S3_DISK&op=" + operation + "&lifetime=" + lifetime + "&url=" + Rest.q(pfn));
    }

    private static Rest.Response sign(Rest caller, String operation, String pfn) {
        return sign(caller, operation, pfn, 60);
    }

    private static String pfn(String scope, String name) {
        return root.get("/rses/S3_DISK/lfns2pfns?lfns=" + Rest.q(scope + ":" + name)).json().get(scope + ":" + name).asText();
    }

    private Run upload(String account, String password, String scope, String name, String content, String... options) throws Exception {
        Path file = Files.writeString(work.resolve(name), content);
        List<String> args = new java.util.ArrayList<>(List.of("upload", "--rse", "S3_DISK", "--scope", scope));
        args.addAll(List.of(options));
        args.addAll(List.of(file.toString(), "--url", server.url(), "--username", account, "--password", password));
        return CliRunner.run(args.toArray(String[]::new));
    }

    private static int send(String method, String url, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).method(method, publisher).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String read(String pfn) throws Exception {
        Rest.Response url = sign(root, "read", pfn);
        return HTTP.send(HttpRequest.newBuilder(URI.create(url.body())).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void assertDenied(Rest.Response response, String account, String operation) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(response.header("ExceptionMessage")).startsWith("Account " + account + " can not get_signed_url");
        assertThat(response.json().get("ExceptionMessage").asText()).contains("operation=" + operation);
    }

    @Test
    void anotherAccountCannotOverwriteOrDeleteAFileButMayReadIt() throws Exception {
        Run upload = upload("alice", "alice-password", "user.alice", "owned.dat", "alice's data");
        assertThat(upload.exit()).as(upload.err()).isZero();
        String pfn = pfn("user.alice", "owned.dat");

        assertDenied(sign(bob, "write", pfn), "bob", "write");
        assertDenied(sign(bob, "delete", pfn), "bob", "delete");
        assertThat(sign(bob, "read", pfn).status()).isEqualTo(200);
        assertThat(read(pfn)).isEqualTo("alice's data");
    }

    @Test
    void theOwnerWritesOnlyWhileUploadingAndNeverDeletes() throws Exception {
        String pfn = pfn("user.alice", "uploading.dat");
        assertThat(alice.post("/replicas", Map.of("rse", "S3_DISK", "files", List.of(Map.of("scope", "user.alice", "name", "uploading.dat",
                "bytes", 5, "adler32", "062c0215", "state", "COPYING")))).status()).isEqualTo(201);
        assertDenied(sign(bob, "write", pfn), "bob", "write");

        Rest.Response write = sign(alice, "write", pfn);
        assertThat(write.status()).as(write.body()).isEqualTo(200);
        assertThat(send("PUT", write.body(), "hello")).isEqualTo(200);
        assertThat(alice.put("/replicas", Map.of("rse", "S3_DISK", "files",
                List.of(Map.of("scope", "user.alice", "name", "uploading.dat", "state", "AVAILABLE")))).status()).isEqualTo(200);

        assertDenied(sign(alice, "write", pfn), "alice", "write");
        assertDenied(sign(alice, "delete", pfn), "alice", "delete");
        assertThat(read(pfn)).isEqualTo("hello");
    }

    @Test
    void uploadsThroughTheCommandLineWorkForTheScopeOwnerOnly() throws Exception {
        assertThat(upload("bob", "bob-password", "user.bob", "first.dat", "registered first").exit()).isZero();
        Run afterwards = upload("bob", "bob-password", "user.bob", "after.dat", "registered after", "--register-after-upload");
        assertThat(afterwards.exit()).as(afterwards.err()).isZero();
        assertThat(read(pfn("user.bob", "after.dat"))).isEqualTo("registered after");

        Run intruder = upload("bob", "bob-password", "user.alice", "planted.dat", "not bob's", "--register-after-upload");
        assertThat(intruder.exit()).isNotZero();
        assertThat(intruder.err()).contains("can not get_signed_url");
    }

    @Test
    void onlyAdministratorsDeleteOrWritePathsOfNoFile() throws Exception {
        Run upload = upload("alice", "alice-password", "user.alice", "doomed.dat", "to be removed");
        assertThat(upload.exit()).as(upload.err()).isZero();
        String pfn = pfn("user.alice", "doomed.dat");
        Rest.Response delete = sign(root, "delete", pfn);
        assertThat(delete.status()).as(delete.body()).isEqualTo(200);
        assertThat(send("DELETE", delete.body(), null)).isEqualTo(204);

        String stray = "s3://127.0.0.1:" + port + "/bucket/no-file/x.dat";
        assertDenied(sign(bob, "write", stray), "bob", "write");
        assertThat(sign(root, "write", stray).status()).isEqualTo(200);
    }

    @Test
    void pathsAreComparedBySegmentsAndNeverClimbOut() {
        Rest.Response sibling = sign(root, "write", "s3://127.0.0.1:" + port + "/bucket-other/obj");
        assertThat(sibling.status()).as(sibling.body()).isEqualTo(404);
        assertThat(sibling.exceptionClass()).isEqualTo("RSEProtocolNotSupported");
        for (String path : List.of("/bucket/user/bob/../../bucket-other/x", "/bucket/user/bob/%2e%2e/x", "/bucket//user/bob/x")) {
            Rest.Response climbing = sign(root, "read", "s3://127.0.0.1:" + port + path);
            assertThat(climbing.status()).as(path).isEqualTo(400);
            assertThat(climbing.exceptionClass()).as(path).isEqualTo("InvalidPath");
        }
    }

    @Test
    void lifetimesAboveTheConfiguredMaximumAreRefused() {
        String pfn = "s3://127.0.0.1:" + port + "/bucket/any/x";
        assertThat(sign(root, "read", pfn, 3600).status()).isEqualTo(200);
        Rest.Response tooLong = sign(root, "read", pfn, 7 * 24 * 3600);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.exceptionClass()).isEqualTo("ValueError");
        assertThat(tooLong.header("ExceptionMessage")).contains("1 to 3600 seconds", "security.signurl-max-lifetime");
    }
}
