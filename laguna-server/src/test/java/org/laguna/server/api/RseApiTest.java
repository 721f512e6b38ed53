package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RseApiTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        for (String[] rse : new String[][] {{"CNAF_DISK", "IT", "1", "DISK"}, {"CNAF_TAPE", "IT", "1", "TAPE"},
                {"CERN_DISK", "CH", "0", "DISK"}, {"DESY_DISK", "DE", "2", "DISK"}}) {
            assertThat(root.post("/rses/" + rse[0], Map.of("rse_type", rse[3])).status()).isEqualTo(201);
            root.post("/rses/" + rse[0] + "/attr/country", Map.of("value", rse[1]));
            root.post("/rses/" + rse[0] + "/attr/tier", Map.of("value", rse[2]));
        }
        root.post("/rses/CNAF_DISK/attr/freespace", Map.of("value", 120));
        root.post("/rses/CERN_DISK/attr/freespace", Map.of("value", 900));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> expression(String expression) {
        Rest.Response response = root.get("/rses?expression=" + Rest.q(expression));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/x-json-stream");
        return response.lines().stream().map(n -> n.get("rse").asText()).toList();
    }

    @Test
    void administratorsExportRsesWithAttributesProtocolsLimitsAndDistances() {
        root.post("/rses/EXPORT_A", Map.of("country_name", "Italy"));
        root.post("/rses/EXPORT_B", Map.of());
        root.post("/rses/EXPORT_A/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/export/a/",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1))));
        root.put("/rses/EXPORT_A/limits", Map.of("name", "MinFreeSpace", "value", 1000));
        root.post("/rses/EXPORT_A/distances/EXPORT_B", Map.of("distance", 7));

        Rest.Response response = root.get("/export");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode a = response.json().at("/rses/EXPORT_A");
        assertThat(a.get("country_name").asText()).isEqualTo("Italy");
        assertThat(a.at("/attributes/EXPORT_A").asBoolean()).isTrue();
        assertThat(a.at("/protocols/0/prefix").asText()).isEqualTo("/export/a/");
        assertThat(a.get("MinFreeSpace").asLong()).isEqualTo(1000);
        assertThat(a.has("ASN")).as("Rucio leaves ASN, ISP and continent out").isFalse();
        assertThat(response.json().at("/distances/EXPORT_A/EXPORT_B/distance").asInt()).isEqualTo(7);

        assertThat(root.get("/export?distance=false").json().has("distances")).isFalse();
        assertThat(root.get("/export?distance=perhaps").status()).isEqualTo(400);
        Rest.Response user = server.createUser("exporter", "secret-2").get("/export");
        assertThat(user.status()).isEqualTo(401);
        assertThat(user.exceptionClass()).isEqualTo("AccessDenied");
        // the other tests count this class's RSEs
        root.delete("/rses/EXPORT_A", null);
        root.delete("/rses/EXPORT_B", null);
    }

    @Test
    void administratorsImportRsesAndDistancesInOneTransactionAndAgainWithoutChange() {
        Map<String, Object> protocol = Map.of("scheme", "file", "hostname", "localhost", "port", 0, "prefix", "/import/a/",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1)));
        Map<String, Object> data = Map.of(
                "rses", Map.of("IMPORT_A", Map.of("country_name", "IMPORTLAND", "rse_type", "DISK", "attributes", Map.of("tier", 3),
                                "protocols", List.of(protocol), "MinFreeSpace", 500, "lfn2pfn_algorithm", "identity"),
                        "IMPORT_B", Map.of("country_name", "IMPORTLAND")),
                "distances", Map.of("IMPORT_A", Map.of("IMPORT_B", Map.of("distance", 4))));
        for (int round = 0; round < 2; round++) {
            Rest.Response imported = root.post("/import", data);
            assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        }
        assertThat(expression("country_name=IMPORTLAND")).containsExactly("IMPORT_A", "IMPORT_B");
        assertThat(root.get("/rses/IMPORT_A/attr").json().get("tier").asInt()).isEqualTo(3);
        assertThat(root.get("/rses/IMPORT_A/attr").json().get("lfn2pfn_algorithm").asText()).isEqualTo("identity");
        JsonNode protocols = root.get("/rses/IMPORT_A/protocols").json();
        assertThat(protocols).hasSize(1);
        assertThat(protocols.get(0).get("prefix").asText()).isEqualTo("/import/a/");
        assertThat(root.get("/rses/IMPORT_A/limits").json().get("MinFreeSpace").asLong()).isEqualTo(500);
        assertThat(root.get("/rses/IMPORT_A/distances/IMPORT_B").json().get(0).get("distance").asInt()).isEqualTo(4);

        // what the export gives, the import takes back
        JsonNode exported = root.get("/export").json();
        Rest.Response again = root.post("/import", exported);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(root.get("/rses/IMPORT_A/protocols").json()).hasSize(1);

        // bad input is refused, and nothing of it stays
        Map<String, Object> badDistance = Map.of("rses", Map.of("IMPORT_C", Map.of()),
                "distances", Map.of("IMPORT_C", Map.of("IMPORT_B", Map.of("distance", "far"))));
        Map<String, Object> unknownRse = Map.of("rses", Map.of("IMPORT_C", Map.of()), "distances", Map.of("IMPORT_C", Map.of("NOWHERE", Map.of("distance", 1))));
        for (Object bad : List.of(badDistance, Map.of("rses", List.of("IMPORT_C")), Map.of("rses", Map.of("IMPORT_C", Map.of("colour", "red"))),
                Map.of("accounts", List.of()), Map.of("rses", Map.of("IMPORT_C", Map.of("protocols", List.of(Map.of("hostname", "x"))))))) {
            Rest.Response refused = root.post("/import", bad);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.exceptionClass()).isNotBlank();
        }
        assertThat(root.post("/import", unknownRse).status()).isEqualTo(404);
        assertThat(root.get("/rses/IMPORT_C").status()).as("nothing of a refused import stays").isEqualTo(404);
        Rest.Response user = server.createUser("importer", "secret-3").post("/import", Map.of("rses", Map.of("IMPORT_D", Map.of())));
        assertThat(user.status()).isEqualTo(401);
        assertThat(user.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(root.get("/rses/IMPORT_D").status()).isEqualTo(404);
        for (String rse : List.of("IMPORT_A", "IMPORT_B")) {
            root.delete("/rses/" + rse, null);
        }
    }

    @Test
    void listsRsesByExpression() {
        assertThat(expression("country=IT")).containsExactly("CNAF_DISK", "CNAF_TAPE");
        assertThat(expression("country=IT&rse_type=DISK")).containsExactly("CNAF_DISK");
        assertThat(expression("rse_type=DISK\\country=IT")).containsExactly("CERN_DISK", "DESY_DISK");
        assertThat(expression("(CNAF_DISK|CERN_DISK)&tier<1")).containsExactly("CERN_DISK");
        assertThat(expression("freespace>100")).containsExactly("CERN_DISK", "CNAF_DISK");
        assertThat(expression("*")).hasSize(4);
    }

    @Test
    void invalidOrEmptyExpressionIsA400() {
        Rest.Response bad = root.get("/rses?expression=" + Rest.q("country=IT&"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.exceptionClass()).isEqualTo("InvalidRSEExpression");
        Rest.Response empty = root.get("/rses?expression=" + Rest.q("country=FR"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.header("ExceptionMessage")).contains("empty set");
    }

    @Test
    void listingWithoutExpressionGivesFullRows() {
        List<JsonNode> rows = root.get("/rses").lines();
        assertThat(rows).extracting(n -> n.get("rse").asText()).contains("CNAF_DISK", "CERN_DISK");
        assertThat(rows.getFirst().get("id").asText()).hasSize(36);
    }

    @Test
    void attributesAreTypedAndIncludeTheRseName() {
        root.post("/rses/DESY_DISK/attr/sign_url", Map.of("value", "False"));
        JsonNode attributes = root.get("/rses/DESY_DISK/attr").json();
        assertThat(attributes.get("DESY_DISK").asBoolean()).isTrue();
        assertThat(attributes.get("country").asText()).isEqualTo("DE");
        assertThat(attributes.get("sign_url").isBoolean()).isTrue();
        assertThat(root.delete("/rses/DESY_DISK/attr/sign_url").status()).isEqualTo(200);
        assertThat(root.delete("/rses/DESY_DISK/attr/sign_url").exceptionClass()).isEqualTo("RSEAttributeNotFound");
    }

    @Test
    void protocolsCarryPrioritiesInRucioShape() {
        Rest.Response added = root.post("/rses/CNAF_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0,
                "prefix", "/data/cnaf/", "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1),
                        "wan", Map.of("read", 1, "write", 1, "delete", 1, "third_party_copy_read", 1, "third_party_copy_write", 1))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(root.post("/rses/CNAF_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "impl", "x")).status())
                .isEqualTo(409);
        JsonNode info = root.get("/rses/CNAF_DISK").json();
        assertThat(info.get("rse").asText()).isEqualTo("CNAF_DISK");
        assertThat(info.get("lfn2pfn_algorithm").asText()).isEqualTo("hash");
        JsonNode protocol = info.get("protocols").get(0);
        assertThat(protocol.get("scheme").asText()).isEqualTo("file");
        assertThat(protocol.at("/domains/wan/third_party_copy_read").asInt()).isEqualTo(1);
        assertThat(protocol.at("/domains/lan/read").asInt()).isEqualTo(1);

        Rest.Response pfns = root.get("/rses/CNAF_DISK/lfns2pfns?lfns=" + Rest.q("mock:file") + "&lfns=" + Rest.q("user.jdoe:a.dat"));
        assertThat(pfns.status()).as(pfns.body()).isEqualTo(200);
        assertThat(pfns.json().get("mock:file").asText()).isEqualTo("file://localhost/data/cnaf/mock/ca/2a/file");
        assertThat(pfns.json().get("user.jdoe:a.dat").asText()).startsWith("file://localhost/data/cnaf/user/jdoe/");

        root.post("/rses/CNAF_DISK/attr/lfn2pfn_algorithm", Map.of("value", "identity"));
        assertThat(root.get("/rses/CNAF_DISK/lfns2pfns?lfns=" + Rest.q("mock:file")).json().get("mock:file").asText())
                .isEqualTo("file://localhost/data/cnaf/mock/file");
        root.delete("/rses/CNAF_DISK/attr/lfn2pfn_algorithm");

        assertThat(root.put("/rses/CNAF_DISK/protocols/file", Map.of("domains", Map.of("wan", Map.of("read", 3)))).status()).isEqualTo(200);
        assertThat(root.get("/rses/CNAF_DISK/protocols/file").json().at("/protocols/0/domains/wan/read").asInt()).isEqualTo(3);
        assertThat(root.get("/rses/CNAF_DISK/protocols/davs").exceptionClass()).isEqualTo("RSEProtocolNotSupported");
    }

    @Test
    void aBidirectionalDistanceIsAddedChangedAndRemovedBothWays() {
        assertThat(root.post("/rses/CNAF_TAPE/distances/DESY_DISK", Map.of("distance", 3, "bidirectional", true)).status()).isEqualTo(201);
        assertThat(root.get("/rses/DESY_DISK/distances/CNAF_TAPE").json().get(0).get("distance").asInt()).isEqualTo(3);
        assertThat(root.put("/rses/DESY_DISK/distances/CNAF_TAPE", Map.of("distance", 4, "bidirectional", true)).status()).isEqualTo(200);
        assertThat(root.get("/rses/CNAF_TAPE/distances/DESY_DISK").json().get(0).get("distance").asInt()).isEqualTo(4);
        assertThat(root.put("/rses/DESY_DISK/distances/CNAF_TAPE", Map.of("distance", 6, "bidirectional", false)).status()).isEqualTo(200);
        assertThat(root.get("/rses/CNAF_TAPE/distances/DESY_DISK").json().get(0).get("distance").asInt()).as("one way only").isEqualTo(4);
        assertThat(root.delete("/rses/CNAF_TAPE/distances/DESY_DISK?bidirectional=true").status()).isEqualTo(200);
        assertThat(root.get("/rses/CNAF_TAPE/distances/DESY_DISK").json()).isEmpty();
        assertThat(root.get("/rses/DESY_DISK/distances/CNAF_TAPE").json()).isEmpty();
        assertThat(root.post("/rses/CNAF_TAPE/distances/DESY_DISK", Map.of("distance", 1, "bidirectional", "maybe")).status()).isEqualTo(400);
    }

    @Test
    void theDomainJsonOfRuciosCliGivesTheProtocolsDomains() {
        assertThat(root.post("/rses/DOMAIN_JSON", Map.of()).status()).isEqualTo(201);
        Rest.Response asText = root.post("/rses/DOMAIN_JSON/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/d",
                "impl", "rucio.rse.protocols.posix.Default", "domain_json", "{\"wan\": {\"read\": 2, \"write\": 0}}"));
        assertThat(asText.status()).as(asText.body()).isEqualTo(201);
        Rest.Response asObject = root.post("/rses/DOMAIN_JSON/protocols/root", Map.of("hostname", "xrd", "port", 1094, "prefix", "/d",
                "impl", "rucio.rse.protocols.xrootd.Default", "domain_json", Map.of("lan", Map.of("read", 1))));
        assertThat(asObject.status()).as(asObject.body()).isEqualTo(201);
        JsonNode file = root.get("/rses/DOMAIN_JSON/protocols/file").json().get("protocols").get(0);
        assertThat(file.at("/domains/wan/read").asInt()).isEqualTo(2);
        assertThat(file.at("/domains/wan/write").asInt()).isZero();
        assertThat(root.get("/rses/DOMAIN_JSON/protocols/root").json().at("/protocols/0/domains/lan/read").asInt()).isEqualTo(1);
        Rest.Response notJson = root.post("/rses/DOMAIN_JSON/protocols/davs", Map.of("hostname", "dav", "port", 443, "prefix", "/d",
                "impl", "rucio.rse.protocols.gfal.Default", "domain_json", "{\"wan\": {"));
        assertThat(notJson.status()).as("ignored, as Rucio ignores it").isEqualTo(201);
        Rest.Response number = root.post("/rses/DOMAIN_JSON/protocols/s3", Map.of("hostname", "s3", "port", 443, "prefix", "/d",
                "impl", "rucio.rse.protocols.s3.Default", "domain_json", 7));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.header("ExceptionMessage")).contains("domain_json");
    }

    @Test
    void distancesAndLimits() {
        assertThat(root.post("/rses/CNAF_DISK/distances/CERN_DISK", Map.of("distance", 2)).status()).isEqualTo(201);
        assertThat(root.get("/rses/CNAF_DISK/distances/CERN_DISK").json().get(0).get("distance").asInt()).isEqualTo(2);
        assertThat(root.put("/rses/CNAF_DISK/distances/CERN_DISK", Map.of("distance", 5)).status()).isEqualTo(200);
        assertThat(root.get("/rses/CNAF_DISK/distances/CERN_DISK").json().get(0).get("distance").asInt()).isEqualTo(5);
        assertThat(root.get("/rses/CERN_DISK/distances/CNAF_DISK").json()).isEmpty();

        assertThat(root.put("/rses/CERN_DISK/limits", Map.of("name", "MinFreeSpace", "value", 1000)).status()).isEqualTo(200);
        assertThat(root.get("/rses/CERN_DISK/limits").json().get("MinFreeSpace").asLong()).isEqualTo(1000);
    }

    @Test
    void updateAndDeleteAnRse() {
        root.post("/rses/TMP_DISK", Map.of());
        assertThat(root.put("/rses/TMP_DISK", Map.of("availability_write", false, "city", "Bologna")).status()).isEqualTo(201);
        Rest.Response mixed = root.put("/rses/TMP_DISK", Map.of("availability", 7, "availability_read", true));
        assertThat(mixed.status()).isEqualTo(422);
        JsonNode info = root.get("/rses/TMP_DISK").json();
        assertThat(info.get("availability_write").asBoolean()).isFalse();
        assertThat(root.get("/rses/TMP_DISK/attr").json().get("city").asText()).isEqualTo("Bologna");
        assertThat(root.delete("/rses/TMP_DISK").status()).isEqualTo(200);
        assertThat(root.get("/rses/TMP_DISK").exceptionClass()).isEqualTo("RSENotFound");
    }

    @Test
    void badInputIsRejectedWithRucioErrors() {
        assertThat(root.post("/rses/lower_case", Map.of()).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/rses/CNAF_DISK", Map.of()).status()).isEqualTo(409);
        assertThat(root.post("/rses/NEW_DISK", Map.of("rse_type", "FLOPPY")).status()).isEqualTo(400);
        assertThat(root.post("/rses/NEW_DISK", Map.of("colour", "blue")).status()).isEqualTo(400);
        assertThat(root.postRaw("/rses/NEW_DISK", "{not json").status()).isEqualTo(400);
        assertThat(root.get("/rses/NEW_DISK").status()).isEqualTo(404);
        assertThat(root.post("/rses/CNAF_DISK/protocols/s3", Map.of("hostname", "h", "port", "eighty", "impl", "x")).status()).isEqualTo(400);
    }

    @Test
    void onlyAdminsManageRses() {
        Rest user = server.createUser("jdoe", "secret-1");
        Rest.Response denied = user.post("/rses/USER_DISK", Map.of());
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(user.get("/rses?expression=CNAF_DISK").status()).isEqualTo(200);
    }
}
