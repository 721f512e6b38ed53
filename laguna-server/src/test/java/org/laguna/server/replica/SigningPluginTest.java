package org.laguna.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Whether the server signs the PFNs of a scheme is the storage plugin's answer, so a new signing plugin is used. */
@ExtendWith(ServerPerClass.class)
class SigningPluginTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("exp", "root");
        root.post("/rses/SIGNING_DISK", Map.of());
        Rest.Response protocol = root.post("/rses/SIGNING_DISK/protocols/signing", Map.of("hostname", "store.example", "port", 443,
                "prefix", "/data", "impl", "laguna.signing", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
        Rest.Response replica = root.post("/replicas", Map.of("rse", "SIGNING_DISK", "files", List.of(Map.of("scope", "exp", "name",
                "signed.dat", "bytes", 10, "adler32", "0000000a"))));
        assertThat(replica.status()).as(replica.body()).isEqualTo(201);
    }

    @Test
    void thePluginsSayWhichSchemesTheyCanSign() {
        assertThat(server.core().signing().canSign("signing")).isTrue();
        assertThat(server.core().signing().canSign("s3")).isTrue();
        assertThat(server.core().signing().canSign("file")).isFalse();
        assertThat(server.core().signing().canSign("nothing-serves-this")).isFalse();
    }

    @Test
    void anRseWithSignUrlListsPfnsSignedByAPluginOfAnyScheme() {
        root.post("/rses/SIGNING_DISK/attr/sign_url", Map.of("value", "signing"));
        try {
            String pfn = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "signed.dat")),
                    "signature_lifetime", 120)).lines().getFirst().at("/rses/SIGNING_DISK/0").asText();
            assertThat(pfn).startsWith("https://signed.example/data/").endsWith("signed.dat?op=read&lifetime=120");
        } finally {
            root.delete("/rses/SIGNING_DISK/attr/sign_url");
        }
    }
}
