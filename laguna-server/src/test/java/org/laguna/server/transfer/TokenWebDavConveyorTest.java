package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenRequest;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Adler32;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.ConveyorSubmitter;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.ApacheTokenDav;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferTools;
import org.laguna.transfer.fts3.LoopbackFts3;

/**
 * A rule between two token-protected WebDAV RSEs, each a real Apache httpd area that checks the bearer token's
 * signature, audience and path-scoped WLCG scope, with tokens of a real OIDC provider on loopback (mock-oauth2-server,
 * whose client-credentials grant here issues exactly the audience and scope asked for). The built-in transfer tool
 * copies with a token per file and operation: read on the source file, create on the destination's collection. A
 * third-party-copy tool (FTS3, here its plugin against a loopback stand-in) gets each file's tokens with the job.
 */
class TokenWebDavConveyorTest {
    private static final String ISSUER_ID = "storage-idp";
    private static final String AUDIENCE_A = "https://a.storage.example";
    private static final String AUDIENCE_B = "https://b.storage.example";
    /** Every token request the provider answered: audience, then scope. */
    private static final List<List<String>> ISSUED = new CopyOnWriteArrayList<>();
    /** When set, the provider grants write scopes for another path than the one asked for. */
    private static volatile boolean narrowWrites;
    private static MockOAuth2Server idp;
    private static ApacheTokenDav dav;
    private static TestServer server;
    private static Rest root;
    private static Conveyor conveyor;

    @BeforeAll
    static void start() throws Exception {
        if (!ApacheTokenDav.installed()) {
            return;
        }
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(), Instant::now), Set.of(new StorageTokens())));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        URI jwks = idp.jwksUrl(ISSUER_ID).uri();
        dav = ApacheTokenDav.start(Files.createTempDirectory("laguna-token-dav"), jwks, ApacheTokenDav.areas("a", AUDIENCE_A, "b", AUDIENCE_B));
        server = TestServer.start(Map.of("auth.oidc.issuers", "storage", "auth.oidc.storage.issuer", idp.issuerUrl(ISSUER_ID).toString(),
                "auth.oidc.storage.client-id", "laguna-server", "auth.oidc.storage.client-secret", "laguna-client-secret"));
        root = server.root();
        server.createScope("exp", "root");
        addRse("TOKEN_A", "a", AUDIENCE_A);
        addRse("TOKEN_B", "b", AUDIENCE_B);
        LagunaCore core = server.core();
        conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(1, Duration.ZERO, Duration.ofMinutes(15)),
                core.transferTool()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (dav != null) {
            dav.close();
        }
        if (idp != null) {
            idp.shutdown();
        }
    }

    @BeforeEach
    void needsApache() {
        Assumptions.assumeTrue(dav != null, ApacheTokenDav.NOT_INSTALLED);
        narrowWrites = false;
        ISSUED.clear();
    }

    private static void addRse(String rse, String area, String audience) {
        assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
        Rest.Response added = root.post("/rses/" + rse + "/protocols/dav", Map.of("hostname", "127.0.0.1", "port", dav.port(), "prefix",
                "/" + area, "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1,
                        "third_party_copy_read", 1, "third_party_copy_write", 1)),
                "extended_attributes", Map.of("auth", "token", "token_issuer", "storage", "token_audience", audience, "token_base_path", "/" + area)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    /** Registers exp:name on TOKEN_A and puts its bytes where httpd serves its PFN; the path of the file below the area. */
    private static String sourceFile(String name, String content) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Adler32 adler = new Adler32();
        adler.update(bytes);
        Rest.Response added = root.post("/replicas", Map.of("rse", "TOKEN_A", "files", List.of(Map.of("scope", "exp", "name", name,
                "bytes", bytes.length, "adler32", String.format("%08x", adler.getValue())))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode listed = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)))).lines().getFirst();
        String pfn = listed.at("/rses/TOKEN_A/0").asText();
        String path = pfn.substring(pfn.indexOf("/a/") + 2);
        Path file = dav.root("a").resolve(path.substring(1));
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return path;
    }

    private static String rule(String name) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", "TOKEN_B"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static void drain() {
        for (int i = 0; i < 100 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is left to do
        }
    }

    @Test
    void aRuleBetweenTokenProtectedRsesCompletesWithPerFilePathScopedTokens() throws Exception {
        String path = sourceFile("scoped.dat", "moved with tokens ".repeat(500));
        String id = rule("scoped.dat");

        drain();

        JsonNode rule = root.get("/rules/" + id).json();
        assertThat(rule.get("state").asText()).as(rule + "\n" + root.get("/rules/" + id + "/analysis").body() + "\n" + dav.errorLog())
                .isEqualTo("OK");
        assertThat(Files.readString(dav.root("b").resolve(path.substring(1)))).isEqualTo("moved with tokens ".repeat(500));
        String collection = path.substring(0, path.lastIndexOf('/'));
        assertThat(ISSUED).as("a token per operation and path, with the audience of the storage it goes to")
                .contains(List.of(AUDIENCE_A, "storage.read:" + path), List.of(AUDIENCE_B, "storage.create:" + collection))
                .allSatisfy(issued -> assertThat(issued.get(1)).as("never a token for the whole storage")
                        .matches(scope -> scope.endsWith(":" + path) || scope.endsWith(":" + collection)));
        assertThat(ISSUED).filteredOn(issued -> issued.get(0).equals(AUDIENCE_A))
                .allSatisfy(issued -> assertThat(issued.get(1)).as("the source is only read").startsWith("storage.read:"));
    }

    @Test
    void theSameRuleFailsVisiblyWhenTheTokenLacksTheScope() throws Exception {
        String path = sourceFile("unscoped.dat", "refused by the storage");
        narrowWrites = true;
        String id = rule("unscoped.dat");

        drain();

        JsonNode transfer = root.get("/rules/" + id + "/analysis").json().at("/transfers/0");
        assertThat(transfer.get("request_state").asText()).as(transfer.toString()).isEqualTo("FAILED");
        assertThat(transfer.get("last_error").asText()).as("the storage's refusal is in the reason").containsPattern("HTTP 40[13]")
                .contains("TOKEN_B");
        assertThat(root.get("/rules/" + id).json().get("state").asText()).isEqualTo("STUCK");
        assertThat(dav.root("b").resolve(path.substring(1))).doesNotExist();
        assertThat(ISSUED).contains(List.of(AUDIENCE_A, "storage.read:" + path));
    }

    @Test
    void aThirdPartyCopyToolGetsEachFilesSourceAndDestinationTokenWithTheirStoragesAudience() throws Exception {
        String path = sourceFile("handed.dat", "for a third-party copy");
        rule("handed.dat");
        try (LoopbackFts3 fts3 = LoopbackFts3.start();
                TransferTool tool = TransferTools.load().create("fts3", Map.of("url", fts3.url(), "token", "token-for-the-loopback-fts3"))) {
            LagunaCore core = server.core();
            ConveyorContext context = new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                    core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS, tool);
            assertThat(new ConveyorSubmitter(context).runOnce(WorkSlice.ALL)).isEqualTo(1);

            JsonNode file = fts3.submissions().getLast().get("files").get(0);
            JWTClaimsSet source = SignedJWT.parse(file.get("source_tokens").get(0).asText()).getJWTClaimsSet();
            JWTClaimsSet destination = SignedJWT.parse(file.get("destination_tokens").get(0).asText()).getJWTClaimsSet();
            assertThat(source.getAudience()).containsExactly(AUDIENCE_A);
            assertThat(source.getStringClaim("scope")).isEqualTo("storage.read:" + path);
            assertThat(destination.getAudience()).containsExactly(AUDIENCE_B);
            assertThat(destination.getStringClaim("scope")).isEqualTo("storage.read:" + path + " storage.modify:" + path);
        } finally {
            // back to the queue, for the built-in tool of the other tests
            server.core().database().inTransactionVoid(tx -> tx.update("update requests set state = 'QUEUED', external_id = null, "
                    + "transfertool = null where name = ?", "handed.dat"));
        }
    }

    /** The provider's answer to the server's client-credentials requests: the audience and scope asked for, recorded. */
    private static final class StorageTokens implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return "laguna-server";
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "at+jwt";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return request.getCustomParameters().getOrDefault("audience", List.of());
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            String scope = request.getScope() == null ? "" : request.getScope().toString();
            ISSUED.add(List.of(String.join(" ", audience(request)), scope));
            String granted = narrowWrites ? scope.replaceAll("(storage\\.(?:create|modify)):/\\S*", "$1:/elsewhere") : scope;
            return Map.of("scope", granted);
        }

        @Override
        public long tokenExpiry() {
            return 600;
        }
    }
}
