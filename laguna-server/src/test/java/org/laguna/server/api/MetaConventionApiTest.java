package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** Rucio's metadata conventions: keys and allowed values, and DIDs whose metadata breaks them refused. */
class MetaConventionApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        user = server.createUser("mcuser", "mcuser-password");
        server.createScope("mc", "mcuser");
        assertThat(root.post("/meta_conventions/datatype", Map.of("key_type", "DATASET", "value_type", "<class 'str'>")).status())
                .isEqualTo(201);
        assertThat(root.post("/meta_conventions/datatype/", Map.of("value", "RAW")).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/datatype/", Map.of("value", "AOD")).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/run_tag", Map.of("key_type", "ALL", "value_regexp", "^r[0-9]+$")).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/shots", Map.of("key_type", "F", "value_type", "int")).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/colour", Map.of("key_type", "ALL", "is_enum", true)).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/colour/", Map.of("value", "red")).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/detector", Map.of("key_type", "ALL")).status()).isEqualTo(201);
        assertThat(root.post("/meta_conventions/detector/", Map.of("value", "NoDetectorDefined")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void keysAndValuesAreListed() {
        assertThat(user.get("/meta_conventions/").json()).extracting(n -> n.asText()).contains("datatype", "run_tag", "shots");
        assertThat(user.get("/meta_conventions/datatype/").json()).extracting(n -> n.asText()).containsExactly("AOD", "RAW");
        assertThat(user.get("/meta_conventions/unknown/").json()).isEmpty();
    }

    @Test
    void onlyAdministratorsAddKeysAndValues() {
        Rest.Response key = user.post("/meta_conventions/colour", Map.of("key_type", "ALL"));
        assertThat(key.status()).isEqualTo(401);
        assertThat(key.exceptionClass()).isEqualTo("AccessDenied");
        Rest.Response value = user.post("/meta_conventions/datatype/", Map.of("value", "ESD"));
        assertThat(value.status()).isEqualTo(401);
        assertThat(value.exceptionClass()).isEqualTo("AccessDenied");
    }

    @Test
    void badKeysAndValuesAreRefusedWithRucioErrors() {
        Rest.Response duplicate = root.post("/meta_conventions/datatype", Map.of("key_type", "ALL"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.exceptionClass()).isEqualTo("Duplicate");
        Rest.Response keyType = root.post("/meta_conventions/k1", Map.of("key_type", "SOMETHING"));
        assertThat(keyType.status()).isEqualTo(400);
        assertThat(keyType.exceptionClass()).isEqualTo("UnsupportedKeyType");
        assertThat(root.post("/meta_conventions/k2", Map.of()).exceptionClass()).isEqualTo("UnsupportedKeyType");
        Rest.Response valueType = root.post("/meta_conventions/k3", Map.of("key_type", "ALL", "value_type", "<class 'dict'>"));
        assertThat(valueType.status()).isEqualTo(400);
        assertThat(valueType.exceptionClass()).isEqualTo("UnsupportedValueType");
        assertThat(root.post("/meta_conventions/k4", Map.of("key_type", "ALL", "value_regexp", "([")).status()).isEqualTo(400);

        Rest.Response noKey = root.post("/meta_conventions/nokey/", Map.of("value", "x"));
        assertThat(noKey.status()).isEqualTo(404);
        assertThat(noKey.exceptionClass()).isEqualTo("KeyNotFound");
        Rest.Response twice = root.post("/meta_conventions/datatype/", Map.of("value", "RAW"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.exceptionClass()).isEqualTo("Duplicate");
        Rest.Response regexp = root.post("/meta_conventions/run_tag/", Map.of("value", "x12"));
        assertThat(regexp.status()).isEqualTo(400);
        assertThat(regexp.exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(root.post("/meta_conventions/shots/", Map.of("value", "ten")).exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(root.post("/meta_conventions/datatype/", Map.of()).exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(root.postRaw("/meta_conventions/datatype/", "{").status()).isEqualTo(400);
    }

    @Test
    void metadataThatBreaksAConventionIsRefused() {
        assertThat(user.post("/dids/mc/good", Map.of("type", "DATASET", "meta", Map.of("datatype", "RAW", "run_tag", "r7"))).status())
                .isEqualTo(201);

        Rest.Response datatype = user.post("/dids/mc/good/meta/datatype", Map.of("value", "ESD"));
        assertThat(datatype.status()).isEqualTo(400);
        assertThat(datatype.exceptionClass()).isEqualTo("InvalidObject");
        Rest.Response newDid = user.post("/dids/mc/bad", Map.of("type", "DATASET", "meta", Map.of("datatype", "ESD")));
        assertThat(newDid.status()).isEqualTo(400);
        assertThat(newDid.exceptionClass()).isEqualTo("InvalidObject");
        assertThat(user.get("/dids/mc/bad").status()).isEqualTo(404);
        Rest.Response regexp = user.post("/dids/mc/good/meta", Map.of("meta", Map.of("run_tag", "tag7")));
        assertThat(regexp.status()).isEqualTo(400);
        assertThat(regexp.exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(user.post("/dids/mc/good/meta/shots", Map.of("value", 3)).exceptionClass()).isEqualTo("InvalidValueForKey");
        Rest.Response notInEnum = user.post("/dids/mc/good/meta/colour", Map.of("value", "blue"));
        assertThat(notInEnum.status()).isEqualTo(400);
        assertThat(notInEnum.exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(user.post("/dids/mc/enum", Map.of("type", "CONTAINER", "meta", Map.of("colour", "blue"))).exceptionClass())
                .isEqualTo("InvalidValueForKey");

        assertThat(user.post("/dids/mc/good/meta/datatype", Map.of("value", "AOD")).status()).isEqualTo(201);
        assertThat(user.post("/dids/mc/good/meta/colour", Map.of("value", "red")).status()).isEqualTo(201);
        assertThat(user.post("/dids/mc/good/meta/detector", Map.of("value", "lime")).status()).isEqualTo(201);
        assertThat(user.post("/dids/mc/good/meta/free_key", Map.of("value", "anything")).status()).isEqualTo(201);
        assertThat(user.post("/dids/mc/container", Map.of("type", "CONTAINER", "meta", Map.of("detector", "mint"))).status())
                .isEqualTo(201);
        assertThat(user.get("/dids/mc/good/meta").json().get("datatype").asText()).isEqualTo("AOD");
    }

    @Test
    void aBulkOfNewDidsIsRefusedWholeWhenOneBreaksAConvention() {
        Rest.Response bulk = user.post("/dids", List.of(
                Map.of("scope", "mc", "name", "bulk1", "type", "DATASET", "meta", Map.of("datatype", "RAW", "colour", "red")),
                Map.of("scope", "mc", "name", "bulk2", "type", "CONTAINER", "meta", Map.of("run_tag", "r9")),
                Map.of("scope", "mc", "name", "bulk3", "type", "DATASET", "meta", Map.of("colour", "blue"))));

        assertThat(bulk.status()).isEqualTo(400);
        assertThat(bulk.exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(user.get("/dids/mc/bulk1").status()).isEqualTo(404);
        assertThat(user.get("/dids/mc/bulk2").status()).isEqualTo(404);
        assertThat(user.post("/dids", List.of(
                Map.of("scope", "mc", "name", "bulk1", "type", "DATASET", "meta", Map.of("datatype", "RAW", "colour", "red")),
                Map.of("scope", "mc", "name", "bulk2", "type", "CONTAINER", "meta", Map.of("run_tag", "r9")))).status()).isEqualTo(201);
        assertThat(user.get("/dids/mc/bulk2/meta?plugin=ALL").json().get("run_tag").asText()).isEqualTo("r9");
    }
}
