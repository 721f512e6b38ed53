package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Input that the catalogue could only store changed (cut, wrapped, replaced) is refused with a 400 naming it. */
@ExtendWith(ServerPerClass.class)
class UnchangedInputApiTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        assertThat(root.post("/rses/INPUT_DISK", Map.of()).status()).isEqualTo(201);
    }

    private static Map<String, Object> protocol(Object port) {
        return Map.of("hostname", "localhost", "port", port, "prefix", "/data/", "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1)));
    }

    private static long protocols(String scheme) {
        return server.core().database().readOnly(tx -> tx.count("select count(*) from rse_protocols where scheme = ?", scheme));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808", "4294967296", "65536", "-1", "80.5"})
    void aProtocolPortOutsideZeroTo65535IsRefusedNotWrapped(String port) {
        String body = "{\"hostname\": \"localhost\", \"port\": " + port + ", \"impl\": \"rucio.rse.protocols.posix.Default\"}";
        Rest.Response added = root.postRaw("/rses/INPUT_DISK/protocols/port" + Math.abs(port.hashCode()), body);

        assertThat(added.status()).as(added.body()).isEqualTo(400);
        assertThat(added.json().get("ExceptionMessage").asText()).contains("port", port);
        assertThat(protocols("port" + Math.abs(port.hashCode()))).isZero();
    }

    @Test
    void aProtocolPortUpdateOutOfRangeIsRefused() {
        assertThat(root.post("/rses/INPUT_DISK/protocols/upd", protocol(1094)).status()).isEqualTo(201);

        Rest.Response updated = root.call("PUT", "/rses/INPUT_DISK/protocols/upd", Map.of("port", new java.math.BigInteger("18446744073709551616")),
                Map.of());

        assertThat(updated.status()).as(updated.body()).isEqualTo(400);
        assertThat(updated.json().get("ExceptionMessage").asText()).contains("18446744073709551616");
        int port = server.core().database().readOnly(tx -> tx.queryOne("select port from rse_protocols where scheme = 'upd'",
                rs -> rs.getInt(1)).orElseThrow());
        assertThat(port).isEqualTo(1094);
    }

    @Test
    void aBodySchemeOtherThanTheUrlsIsRefusedAndTheSameIsAccepted() {
        Map<String, Object> other = new java.util.HashMap<>(protocol(1));
        other.put("scheme", "https");
        Rest.Response refused = root.post("/rses/INPUT_DISK/protocols/root", other);

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("ExceptionMessage").asText()).contains("https", "root");
        assertThat(protocols("https")).isZero();
        assertThat(protocols("root")).isZero();

        Map<String, Object> same = new java.util.HashMap<>(protocol(2));
        same.put("scheme", "root");
        assertThat(root.post("/rses/INPUT_DISK/protocols/root", same).status()).isEqualTo(201);
    }

    @Test
    void aLoneSurrogateInAnyJsonStringIsRefusedNotStoredAsAQuestionMark() {
        Rest.Response value = root.postRaw("/rses/INPUT_DISK/attr/note", "{\"value\": \"before\\ud800after\"}");
        Rest.Response key = root.postRaw("/rses/INPUT_DISK/attr/other", "{\"val\\ud800ue\": \"x\"}");

        assertThat(value.status()).as(value.body()).isEqualTo(400);
        assertThat(value.json().get("ExceptionMessage").asText()).contains("before\\ud800after", "not valid Unicode");
        assertThat(key.status()).as(key.body()).isEqualTo(400);
        assertThat(key.json().get("ExceptionMessage").asText()).contains("surrogate");
        assertThat(root.get("/rses/INPUT_DISK/attr").json().has("note")).isFalse();
    }

    @Test
    void aLoneSurrogateInsideRuleMetadataGivenAsJsonTextIsRefused() {
        Map<String, Object> rule = Map.of("dids", java.util.List.of(Map.of("scope", "nowhere", "name", "nothing")), "copies", 1,
                "rse_expression", "INPUT_DISK", "meta", "{\"note\": \"a\\ud800b\"}");

        Rest.Response added = root.post("/rules/", rule);

        assertThat(added.status()).as(added.body()).isEqualTo(400);
        assertThat(added.json().get("ExceptionMessage").asText()).contains("a\\ud800b", "not valid Unicode");
    }

    @Test
    void aSurrogatePairIsValidUnicodeAndKept() {
        Rest.Response added = root.postRaw("/rses/INPUT_DISK/attr/emoji", "{\"value\": \"smile \\ud83d\\ude00\"}");

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(root.get("/rses/INPUT_DISK/attr").json().get("emoji").asText()).isEqualTo("smile \ud83d\ude00");
    }

    @Test
    void anImportLineWithALoneSurrogateIsRefused() {
        server.createScope("input", "root");
        assertThat(root.post("/rses/INPUT_TAPE", Map.of("deterministic", false)).status()).isEqualTo(201);
        assertThat(root.post("/rses/INPUT_TAPE/protocols/file", protocol(0)).status()).isEqualTo(201);
        Rest.Response imported = root.postRaw("/replicas/import?rse=INPUT_TAPE",
                "{\"scope\": \"input\", \"name\": \"f\", \"bytes\": 1, \"path\": \"raw/a\\ud800b\"}\n");

        assertThat(imported.status()).as(imported.body()).isEqualTo(400);
        assertThat(imported.json().get("ExceptionMessage").asText()).contains("raw/a\\ud800b", "not valid Unicode");
        long stored = server.core().database().readOnly(tx -> tx.count("select count(*) from replicas where scope = 'input'"));
        assertThat(stored).isZero();
    }
}
