package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class DidSampleApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest hana;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        hana = server.createUser("hana", "secret-hana");
        server.createScope("smp", "root");
        server.createScope("user.hana", "hana");
        root.post("/rses/SAMPLE_DISK", Map.of());
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            files.add(Map.of("scope", "smp", "name", "f" + i, "bytes", 10 + i, "adler32", "0000000" + i));
        }
        assertThat(root.post("/replicas", Map.of("rse", "SAMPLE_DISK", "files", files)).status()).isEqualTo(201);
        root.post("/dids/smp/full.ds", Map.of("type", "DATASET"));
        List<Map<String, Object>> dids = files.stream().map(f -> Map.<String, Object>of("scope", "smp", "name", f.get("name"))).toList();
        assertThat(root.post("/dids/smp/full.ds/dids", Map.of("dids", dids)).status()).isEqualTo(201);
    }

    private static Set<String> content(String scope, String name) {
        Set<String> names = new HashSet<>();
        for (JsonNode line : root.get("/dids/" + scope + "/" + name + "/dids").lines()) {
            names.add(line.get("name").asText());
        }
        return names;
    }

    @Test
    void aSampleDatasetHoldsTheAskedNumberOfTheInputsFiles() {
        Rest.Response created = hana.post("/dids/sample", Map.of("input_scope", "smp", "input_name", "full.ds",
                "output_scope", "user.hana", "output_name", "sample3", "nbfiles", 3));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        Set<String> sample = content("user.hana", "sample3");
        assertThat(sample).hasSize(3);
        assertThat(content("smp", "full.ds")).containsAll(sample);
        assertThat(root.get("/dids/user.hana/sample3").json().get("type").asText()).isEqualTo("DATASET");

        Rest.Response all = hana.post("/dids/smp/full.ds/user.hana/sample_all/50/sample", Map.of());
        assertThat(all.status()).as(all.body()).isEqualTo(201);
        assertThat(content("user.hana", "sample_all")).hasSize(10);
    }

    @Test
    void theSampleIsRefusedInAScopeTheCallerDoesNotOwnOrThatExists() {
        Rest.Response denied = hana.post("/dids/sample", Map.of("input_scope", "smp", "input_name", "full.ds",
                "output_scope", "smp", "output_name", "not_mine", "nbfiles", 1));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        Rest.Response duplicate = root.post("/dids/sample", Map.of("input_scope", "smp", "input_name", "full.ds",
                "output_scope", "smp", "output_name", "full.ds", "nbfiles", 1));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.exceptionClass()).isEqualTo("DataIdentifierAlreadyExists");
    }

    @Test
    void badInputIsRefusedWithRucioErrors() {
        Rest.Response missing = root.post("/dids/sample", Map.of("input_scope", "smp", "input_name", "missing.ds",
                "output_scope", "smp", "output_name", "s_missing", "nbfiles", 1));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.exceptionClass()).isEqualTo("DataIdentifierNotFound");
        for (Object nbfiles : List.of(-1, "many", 1.5, List.of(1))) {
            Rest.Response bad = root.post("/dids/sample", Map.of("input_scope", "smp", "input_name", "full.ds",
                    "output_scope", "smp", "output_name", "s_bad", "nbfiles", nbfiles));
            assertThat(bad.status()).as(String.valueOf(nbfiles)).isEqualTo(400);
            assertThat(bad.json().has("ExceptionMessage")).isTrue();
        }
        assertThat(root.post("/dids/sample", Map.of("input_scope", "smp", "input_name", "full.ds")).status()).isEqualTo(400);
        assertThat(root.post("/dids/sample", List.of()).status()).isEqualTo(400);
        assertThat(root.get("/dids/smp/s_bad").status()).isEqualTo(404);
    }
}
