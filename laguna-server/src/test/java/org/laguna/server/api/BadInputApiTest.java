package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.RawHttp;
import org.laguna.server.testing.RawHttp.Request;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Input that once made internal errors: each is now a 4xx with Rucio's error fields. */
@ExtendWith(ServerPerClass.class)
class BadInputApiTest {
    private static TestServer server;
    private static Rest root;
    private static RawHttp http;
    private static int port;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        http = new RawHttp("127.0.0.1", port, Duration.ofSeconds(10));
        server.createScope("cygno", "root");
        root.post("/rses/SITE_A", Map.of());
        root.post("/dids/cygno/ds1", Map.of("type", "DATASET"));
    }

    private static RawHttp.Response send(String method, String target, String body) {
        return http.send(Request.of(method, target, Map.of("X-Rucio-Auth-Token", root.token()), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertRefused(RawHttp.Response response, String... messageParts) {
        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(response.header("ExceptionClass")).isNotBlank();
        assertThat(response.body()).contains("\"ExceptionMessage\"");
        for (String part : messageParts) {
            assertThat(response.body()).contains(part);
        }
    }

    @Test
    void aQueryParameterWithABrokenPercentEncodingDoesNotBreakTheAccountList() {
        RawHttp.Response response = send("GET", "/accounts?id=%zz", "");
        assertThat(response.status()).as(response.body()).isLessThan(500);
    }

    @Test
    void nulInQueryParameterIsRefusedNamingTheParameter() {
        assertRefused(send("GET", "/rules/?account=%00", ""), "account", "NUL");
        assertRefused(send("GET", "/dids/cygno/dids/search?name=a%00b", ""), "name", "NUL");
    }

    @Test
    void nulInPathIsRefused() {
        assertRefused(send("GET", "/dids/cygno/a%00b", ""));
        assertRefused(send("POST", "/dids/cygno/ds%00x", "{\"type\": \"DATASET\"}"));
    }

    @Test
    void nulInJsonStringIsRefusedNamingTheField() {
        assertRefused(send("POST", "/dids/cygno/ds1/meta", "{\"meta\": {\"owner\": \"a\\u0000b\"}}"), "body.meta.owner", "NUL");
        assertRefused(send("PUT", "/requests/transfer_limits", "{\"rse_expression\": \"SITE_A\", \"max_transfers\": 1, \"activity\": \"a\\u0000\"}"),
                "activity", "NUL");
        assertRefused(send("POST", "/replicas/import?rse=SITE_A", "{\"scope\": \"cygno\", \"name\": \"x\\u0000\", \"bytes\": 1}\n"), "line 1");
    }

    @Test
    void replicaListNumbersBeyondAnIntOrNegativeAreRefused() {
        String dids = "\"dids\": [{\"scope\": \"cygno\", \"name\": \"ds1\"}]";
        assertRefused(send("POST", "/replicas/list", "{" + dids + ", \"nrandom\": 2147483648}"), "nrandom");
        assertRefused(send("POST", "/replicas/list", "{" + dids + ", \"nrandom\": -1}"), "nrandom");
        assertRefused(send("POST", "/replicas/list", "{" + dids + ", \"signature_lifetime\": 9223372036854775807}"), "signature_lifetime");
        assertThat(send("POST", "/replicas/list", "{" + dids + ", \"nrandom\": 1}").status()).isEqualTo(200);
    }

    @Test
    void outOfRangeTimestampsAndNumbersInQueryParametersAreRefused() {
        for (String query : List.of("updated_after=-9223372036854775809", "created_before=300000-01-01T00:00:00Z", "updated_after=abc",
                "created_after=9223372036854775808")) {
            RawHttp.Response response = send("GET", "/rules/?" + query, "");
            assertThat(response.status()).as(query + ": " + response.body()).isLessThan(500);
        }
        assertRefused(send("GET", "/dids/cygno/dids/search?limit=-1", ""), "limit");
        assertRefused(send("GET", "/dids/cygno/dids/search?limit=9223372036854775808", ""), "limit");
    }

    @Test
    void malformedImportLineIsRefusedNamingTheLine() {
        String body = "{\"scope\": \"cygno\", \"name\": \"ok\", \"bytes\": 1, \"adler32\": \"00000001\"}\n{\"scope\": \"cygno\", \"name\": \n";
        assertRefused(send("POST", "/replicas/import?rse=SITE_A&dry_run=true", body), "line");
        assertRefused(send("POST", "/replicas/import?rse=SITE_A&dry_run=true", "not json at all\n"), "line 1");
    }

    @Test
    void rangesOfRuleAndDistanceNumbersAreChecked() {
        assertRefused(send("POST", "/rses/SITE_A/distances/SITE_A", "{\"distance\": 9223372036854775807}"), "distance");
        assertRefused(send("POST", "/dids/cygno/ds2", "{\"type\": \"DATASET\", \"lifetime\": 9223372036854775807}"), "lifetime");
        assertRefused(send("POST", "/rules", "{\"dids\": [{\"scope\": \"cygno\", \"name\": \"ds1\"}], \"copies\": 1, "
                + "\"rse_expression\": \"SITE_A\", \"priority\": 4294967299}"), "priority");
    }

    @Test
    void clientLeavingDuringStreamedListIsNoInternalError() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            lines.append("{\"scope\": \"cygno\", \"name\": \"stream-").append(i).append("-").append("n".repeat(40))
                    .append("\", \"bytes\": 1, \"adler32\": \"00000001\"}\n");
        }
        RawHttp.Response imported = send("POST", "/replicas/import?rse=SITE_A", lines.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(root.get("/dids/cygno/dids/search?type=all").body().length()).as(imported.body()).isGreaterThan(4_000_000);
        Path log = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "target/server-test.log"));
        long logBefore = Files.exists(log) ? Files.size(log) : 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            try (Socket socket = new Socket()) {
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress("127.0.0.1", port));
                socket.setSoLinger(true, 0);
                OutputStream out = socket.getOutputStream();
                out.write(("GET /dids/cygno/dids/search?type=all HTTP/1.1\r\nHost: x\r\nX-Rucio-Auth-Token: " + root.token()
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (attempt % 2 == 0) {
                    InputStream in = socket.getInputStream();
                    assertThat(in.readNBytes(64)).hasSize(64);
                }
            }
        }
        Thread.sleep(1_000);
        assertThat(root.get("/ping").status()).isEqualTo(200);
        if (Files.exists(log)) {
            String written = Files.readString(log).substring((int) Math.min(logBefore, Files.size(log)));
            assertThat(written).contains("Client went away").doesNotContain("ERROR").doesNotContain("Internal error");
        }
    }
}
