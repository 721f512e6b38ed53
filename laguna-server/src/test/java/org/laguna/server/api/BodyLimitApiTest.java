package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.http.BodyLimits;
import org.laguna.server.testing.RawHttp;
import org.laguna.server.testing.RawHttp.BodyMode;
import org.laguna.server.testing.RawHttp.Request;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** Request bodies are held to {@code http.max-body-bytes}, bulk calls to {@code http.max-bulk-body-bytes}. */
class BodyLimitApiTest {
    private static final int LIMIT = 4096;
    private static final int BULK_LIMIT = 8192;

    private static TestServer server;
    private static Rest root;
    private static RawHttp http;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("http.max-body-bytes", String.valueOf(LIMIT), "http.max-bulk-body-bytes", String.valueOf(BULK_LIMIT)));
        root = server.root();
        http = new RawHttp("127.0.0.1", Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1)), Duration.ofSeconds(10));
        server.createScope("cygno", "root");
        root.post("/rses/SITE_A", Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A JSON object padded with spaces to exactly {@code size} bytes. */
    private static byte[] padded(String json, int size) {
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private static RawHttp.Response send(String method, String target, byte[] body, BodyMode mode, long announced) {
        return http.send(new Request(method, target, Map.of("X-Rucio-Auth-Token", root.token(), "Content-Type", "application/json"),
                body, mode, announced));
    }

    private static void assertTooLarge(RawHttp.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(413);
        assertThat(response.header("ExceptionClass")).isEqualTo("RequestTooLarge");
        assertThat(response.body()).contains("\"ExceptionMessage\"").contains("at most");
    }

    @Test
    void refusesBodyAnnouncedLargerThanTheLimitBeforeReadingIt() {
        long started = System.nanoTime();
        RawHttp.Response response = send("POST", "/dids/cygno/ds1", new byte[0], BodyMode.ANNOUNCED_ONLY, LIMIT + 1);
        assertTooLarge(response);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void refusesBodyOneByteOverTheLimitWithContentLength() {
        assertTooLarge(send("POST", "/dids/cygno/ds2", padded("{\"type\": \"DATASET\"}", LIMIT + 1), BodyMode.LENGTH, LIMIT + 1));
        assertThat(root.get("/dids/cygno/ds2").status()).isEqualTo(404);
    }

    @Test
    void refusesChunkedBodyOneByteOverTheLimitWhileReadingIt() {
        assertTooLarge(send("POST", "/dids/cygno/ds3", padded("{\"type\": \"DATASET\"}", LIMIT + 1), BodyMode.CHUNKED, 0));
        assertThat(root.get("/dids/cygno/ds3").status()).isEqualTo(404);
    }

    @Test
    void acceptsBodyOfExactlyTheLimitWithContentLengthAndChunked() {
        assertThat(send("POST", "/dids/cygno/ds4", padded("{\"type\": \"DATASET\"}", LIMIT), BodyMode.LENGTH, LIMIT).status()).isEqualTo(201);
        assertThat(send("POST", "/dids/cygno/ds5", padded("{\"type\": \"DATASET\"}", LIMIT), BodyMode.CHUNKED, 0).status()).isEqualTo(201);
    }

    @Test
    void bulkCallsTakeTheBulkLimit() {
        String list = "{\"dids\": [{\"scope\": \"cygno\", \"name\": \"ds4\"}]}";
        assertThat(send("POST", "/replicas/list", padded(list, BULK_LIMIT), BodyMode.CHUNKED, 0).status()).isEqualTo(200);
        assertTooLarge(send("POST", "/replicas/list", padded(list, BULK_LIMIT + 1), BodyMode.CHUNKED, 0));
        assertTooLarge(send("POST", "/replicas/list", new byte[0], BodyMode.ANNOUNCED_ONLY, BULK_LIMIT + 1));
    }

    @Test
    void streamedImportTakesAnyLengthButNoLineLongerThanTheLimit() {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; lines.length() <= 2 * BULK_LIMIT; i++) {
            lines.append("{\"scope\": \"cygno\", \"name\": \"imported").append(i).append("\", \"bytes\": 1, \"adler32\": \"00000001\"}\n");
        }
        byte[] body = lines.toString().getBytes(StandardCharsets.UTF_8);
        RawHttp.Response imported = send("POST", "/replicas/import?rse=SITE_A&dry_run=true", body, BodyMode.LENGTH, body.length);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);

        byte[] longLine = padded("{\"scope\": \"cygno\", \"name\": \"long\", \"bytes\": 1}", LIMIT + 1);
        assertTooLarge(send("POST", "/replicas/import?rse=SITE_A", longLine, BodyMode.CHUNKED, 0));
    }

    @Test
    void defaultLimitsKeepOrdinaryCallsSmallAndBulkCallsLarger() {
        BodyLimits defaults = BodyLimits.DEFAULTS;
        assertThat(defaults.limitFor(HandlerType.POST, "/dids/cygno/ds1")).isEqualTo(16L * 1024 * 1024);
        for (String bulk : List.of("/replicas", "/replicas/list", "/dids", "/dids/attachments", "/dids/cygno/ds1/dids", "//replicas/list/")) {
            assertThat(defaults.limitFor(HandlerType.POST, bulk)).as(bulk).isEqualTo(64L * 1024 * 1024);
        }
        assertThat(defaults.limitFor(HandlerType.PUT, "/replicas")).isEqualTo(64L * 1024 * 1024);
    }
}
