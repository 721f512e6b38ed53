package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 RSE (s3proxy) whose keys only the server knows: clients get signed URLs, upload and
 * download work through them, and no answer or log line shows the secret.
 */
class S3SignedUrlTest {
    private static final String SECRET = "s3-secret-that-must-never-leak-4711";
    private static S3ProxyServer proxy;
    private static TestServer server;
    private static Rest root;
    private static int port;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("bucket", "laguna-access", SECRET);
        port = proxy.port();
        server = TestServer.start(Map.of("storage.S3_DISK.access_key", "laguna-access", "storage.S3_DISK.secret_key", SECRET));
        root = server.root();
        server.createScope("obj", "root");
        S3Rses.add(root, "S3_DISK", port, "/bucket");
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

    @Test
    void uploadAndDownloadGoThroughSignedUrls() throws Exception {
        Path in = work.resolve("in.dat");
        Files.writeString(in, "object data ".repeat(5000));
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "S3_DISK", "--scope", "obj", in.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();

        var file = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "obj", "name", "in.dat")))).lines().getFirst();
        String pfn = file.at("/rses/S3_DISK/0").asText();
        assertThat(pfn).startsWith("s3://127.0.0.1:" + port + "/bucket/obj/");

        Path out = work.resolve("out");
        Run download = CliRunner.asRoot(server, "download", "--dir", out.toString(), "obj:in.dat");
        assertThat(download.exit()).as(download.err()).isZero();
        assertThat(Files.readString(out.resolve("obj/in.dat"))).isEqualTo(Files.readString(in));
    }

    @Test
    void rsesWithSignUrlListSignedPfns() throws Exception {
        Path in = work.resolve("signed.dat");
        Files.writeString(in, "signed listing");
        assertThat(CliRunner.asRoot(server, "upload", "--rse", "S3_DISK", "--scope", "obj", in.toString()).exit()).isZero();
        root.post("/rses/S3_DISK/attr/sign_url", Map.of("value", "s3"));
        try {
            String pfn = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "obj", "name", "signed.dat")),
                    "signature_lifetime", 120)).lines().getFirst().at("/rses/S3_DISK/0").asText();
            assertThat(pfn).startsWith("http://127.0.0.1:" + port + "/bucket/obj/").contains("X-Amz-Signature=").doesNotContain(SECRET);
            var get = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(pfn)).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(get.body()).isEqualTo("signed listing");
        } finally {
            root.delete("/rses/S3_DISK/attr/sign_url");
        }
    }

    @Test
    void signurlAnswersAUrlThatWorksWithoutKeys() throws Exception {
        String pfn = "s3://127.0.0.1:" + port + "/bucket/signed/hello.txt";
        Rest.Response write = root.get("/credentials/signurl?rse=S3_DISK&op=write&lifetime=60&url=" + Rest.q(pfn));
        assertThat(write.status()).as(write.body()).isEqualTo(200);
        var http = java.net.http.HttpClient.newHttpClient();
        var put = http.send(java.net.http.HttpRequest.newBuilder(URI.create(write.body()))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("hello")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        String read = root.get("/credentials/signurl?rse=S3_DISK&url=" + Rest.q(pfn)).body();
        var get = http.send(java.net.http.HttpRequest.newBuilder(URI.create(read)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(get.body()).isEqualTo("hello");
    }

    @Test
    void badSignRequestsAreClearErrors() {
        assertThat(root.get("/credentials/signurl?url=x").header("ExceptionMessage")).contains("\"rse\" not found");
        assertThat(root.get("/credentials/signurl?rse=S3_DISK").header("ExceptionMessage")).contains("\"url\" not found");
        assertThat(root.get("/credentials/signurl?rse=S3_DISK&op=steal&url=" + Rest.q("s3://127.0.0.1:" + port + "/bucket/x")).status())
                .isEqualTo(400);
        assertThat(root.get("/credentials/signurl?rse=S3_DISK&url=" + Rest.q("s3://elsewhere:1/bucket/x")).exceptionClass())
                .isEqualTo("RSEProtocolNotSupported");
        assertThat(root.get("/credentials/signurl?rse=NOPE&url=x").exceptionClass()).isEqualTo("RSENotFound");
    }

    @Test
    void noAnswerShowsTheSecret() {
        String pfn = "s3://127.0.0.1:" + port + "/bucket/scan/x";
        List<Rest.Response> answers = List.of(root.get("/rses/S3_DISK"), root.get("/rses/S3_DISK/protocols"), root.get("/rses/S3_DISK/attr"),
                root.get("/rses"), root.get("/credentials/signurl?rse=S3_DISK&url=" + Rest.q(pfn)),
                root.get("/rses/S3_DISK/lfns2pfns?lfns=obj:x"), root.get("/metrics"));
        for (Rest.Response answer : answers) {
            assertThat(answer.body()).doesNotContain(SECRET);
            answer.headers().values().forEach(values -> assertThat(values.toString()).doesNotContain(SECRET));
        }
        assertThat(server.core().toString()).doesNotContain(SECRET);
    }

    @Test
    void noLogLineShowsTheSecret() throws Exception {
        root.get("/credentials/signurl?rse=S3_DISK&url=" + Rest.q("s3://127.0.0.1:" + port + "/bucket/log/x"));
        root.get("/credentials/signurl?rse=S3_DISK&op=bad&url=" + Rest.q("s3://127.0.0.1:" + port + "/bucket/log/x"));
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/server-test.log"));
        Assumptions.assumeTrue(Files.exists(log), "the server log goes to " + log + " only under the build's test settings");
        org.slf4j.LoggerFactory.getLogger(S3SignedUrlTest.class).info("checking the server log for storage secrets");
        String text = Files.readString(log);
        assertThat(text).contains("checking the server log for storage secrets").doesNotContain(SECRET);
    }
}
