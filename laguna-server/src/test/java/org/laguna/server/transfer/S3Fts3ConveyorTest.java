package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.S3Rses;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.s3.S3ProxyServer;
import org.laguna.transfer.fts3.LoopbackFts3;

/**
 * A rule between two S3 RSEs (buckets of a real S3 server on loopback, s3proxy, which checks every signature) carried
 * out by FTS3, here the loopback stand-in, which copies as FTS3 does with such URLs: a plain HTTP GET of the source and
 * PUT of the destination, with no credentials of its own. The job FTS3 gets holds pre-signed URLs, never the keys and
 * never an {@code s3://} PFN.
 */
class S3Fts3ConveyorTest {
    private static final String SECRET = "laguna-s3-secret-key";
    private static final String ACCESS = "laguna-s3-access";
    private static S3ProxyServer s3;
    private static LoopbackFts3 fts3;
    private static TestServer server;
    private static Rest root;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyServer.start("fts-source", ACCESS, SECRET);
        s3.createBucket("fts-destination");
        fts3 = LoopbackFts3.start();
        server = TestServer.start(Map.of("transfer.tool", "fts3", "transfer.fts3.url", fts3.url(), "transfer.fts3.token", "token-for-fts3",
                // the stand-in copies before it answers a submission (FTS3 answers at once); a large file takes a while here
                "transfer.fts3.request-timeout", "PT10M",
                "transfer.signed-url-lifetime", "PT3H", "transfer.max-attempts", "1",
                "storage.S3_SRC.access_key", ACCESS, "storage.S3_SRC.secret_key", SECRET,
                "storage.S3_DST.access_key", ACCESS, "storage.S3_DST.secret_key", SECRET));
        root = server.root();
        server.createScope("obj", "root");
        assertThat(S3Rses.add(root, "S3_SRC", s3.port(), "/fts-source").status()).isEqualTo(201);
        assertThat(S3Rses.add(root, "S3_DST", s3.port(), "/fts-destination").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (fts3 != null) {
            fts3.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    private String uploadAndReplicate(Path file) {
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "S3_SRC", "--scope", "obj", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        return rule(file.getFileName().toString());
    }

    private static String rule(String name) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "obj", "name", name)), "copies", 1,
                "rse_expression", "S3_DST"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String rule = added.json().get(0).asText();
        Conveyor conveyor = new Conveyor(server.core().conveyorContext());
        for (int i = 0; i < 200 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // submit, poll, finish
        }
        return rule;
    }

    private static String adler32(InputStream in) throws Exception {
        Adler32 adler = new Adler32();
        byte[] buffer = new byte[1 << 16];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                adler.update(buffer, 0, n);
            }
        }
        return String.format("%08x", adler.getValue());
    }

    /** The copy on S3_DST, read back through the server's own S3 connection. */
    private static InputStream copy(String name) {
        String pfn = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "obj", "name", name)))).lines().getFirst()
                .at("/rses/S3_DST/0").asText();
        assertThat(pfn).startsWith("s3://");
        return server.core().storage().openPfn("S3_DST", pfn).openRead(pfn, 0);
    }

    @Test
    void fts3GetsPresignedUrlsWithoutKeysAndReallyCopiesTheFile() throws Exception {
        Path file = work.resolve("signed-for-fts.dat");
        Files.writeString(file, "copied by fts3 through pre-signed urls ".repeat(2_000));
        int before = fts3.submissions().size();
        int requestsBefore = fts3.httpRequests().size();

        String rule = uploadAndReplicate(file);

        assertThat(root.get("/rules/" + rule).json().get("state").asText()).as(root.get("/rules/" + rule + "/analysis").body()).isEqualTo("OK");
        assertThat(fts3.submissions()).hasSize(before + 1);
        JsonNode job = fts3.submissions().getLast();
        String body = job.toString();
        assertThat(body).as("no key and no s3:// PFN reaches FTS3").doesNotContain(SECRET).doesNotContain("s3://").doesNotContain("s3s://");
        String source = job.at("/files/0/sources/0").asText();
        String destination = job.at("/files/0/destinations/0").asText();
        for (String url : List.of(source, destination)) {
            URI uri = URI.create(url);
            assertThat(uri.getScheme()).as("the endpoint's own scheme: plain HTTP here (insecure: true), HTTPS otherwise").isEqualTo("http");
            assertThat(uri.getPort()).isEqualTo(s3.port());
            assertThat(uri.getRawQuery()).contains("X-Amz-Signature=").contains("X-Amz-Expires=10800")
                    .as("the access key's id may show in the credential scope, never the secret").doesNotContain(SECRET);
        }
        assertThat(URI.create(source).getPath()).startsWith("/fts-source/").endsWith("signed-for-fts.dat");
        assertThat(URI.create(destination).getPath()).startsWith("/fts-destination/").endsWith("signed-for-fts.dat");
        assertThat(job.at("/files/0").has("source_tokens")).isFalse();
        assertThat(fts3.httpRequests().subList(requestsBefore, fts3.httpRequests().size()))
                .as("the stand-in copied with one GET and one PUT of those URLs").containsExactly("GET " + source, "PUT " + destination);
        try (InputStream in = copy("signed-for-fts.dat")) {
            assertThat(new String(in.readAllBytes())).isEqualTo(Files.readString(file));
        }
        JsonNode request = root.get("/requests/history/obj/signed-for-fts.dat/S3_DST").json();
        assertThat(request.get("state").asText()).isEqualTo("DONE");
        assertThat(request.get("source_rse").asText()).isEqualTo("S3_SRC");
        long signatures = server.core().database().readOnly(tx -> tx.count("select (select count(*) from requests_history "
                + "where err_msg like '%X-Amz-Signature=%') + (select count(*) from messages where payload::text like '%X-Amz-Signature=%') "
                + "+ (select count(*) from messages_history where payload::text like '%X-Amz-Signature=%')"));
        assertThat(signatures).as("no signature is kept in the catalogue or its events").isZero();
    }

    @Test
    void aFileLargerThanTheServersUploadPartsGoesInOneSignedPut() throws Exception {
        Path file = work.resolve("large-for-fts.dat");
        byte[] bytes = new byte[20 * 1024 * 1024]; // above the 16 MiB parts the server uses for its own uploads
        new Random(42).nextBytes(bytes);
        Files.write(file, bytes);

        String rule = uploadAndReplicate(file);

        assertThat(root.get("/rules/" + rule).json().get("state").asText()).as(root.get("/rules/" + rule + "/analysis").body()).isEqualTo("OK");
        try (InputStream in = copy("large-for-fts.dat")) {
            assertThat(adler32(in)).isEqualTo(adler32(Files.newInputStream(file)));
        }
    }

    @Test
    void aFileAboveWhatOneSignedPutTakesFailsWithTheReasonAndNeverReachesFts3() {
        long sixGiB = 6L * 1024 * 1024 * 1024;
        Rest.Response added = root.post("/replicas", Map.of("rse", "S3_SRC", "files", List.of(Map.of("scope", "obj", "name", "huge.dat",
                "bytes", sixGiB, "adler32", "0badcafe"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        int before = fts3.submissions().size();

        String rule = rule("huge.dat");

        JsonNode transfer = root.get("/rules/" + rule + "/analysis").json().at("/transfers/0");
        assertThat(transfer.get("last_error").asText()).as(transfer.toString()).contains("S3_DST").contains("pre-signed PUT")
                .contains("5368709120");
        assertThat(fts3.submissions()).hasSize(before);
        assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("STUCK");
    }
}
