package org.laguna.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.OAuth2Exception;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.server.testing.ApacheTokenDav;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * {@code GET /credentials/token} with RFC 8693 token exchange: a user who authenticated with an access token of a real
 * OIDC provider on loopback (mock-oauth2-server, which implements the token-exchange grant: the new token keeps the
 * subject token's claims, {@code sub} included, and takes the audience and scope the callback gives) gets her own
 * storage token, and a real token-checking WebDAV storage (Apache httpd with mod_auth_openidc) sees her subject and
 * lets her do exactly the operation on exactly the path asked for. A refused exchange is a clear 401, never a 500.
 */
class StorageTokenExchangeTest {
    private static final String ISSUER_ID = "idp";
    private static final String AUDIENCE = "https://u.storage.example";
    /** Every token request the provider answered: grant type, the subject, audience, scope. */
    private static final List<List<String>> ISSUED = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static MockOAuth2Server idp;
    private static ApacheTokenDav dav;
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start() throws Exception {
        if (!ApacheTokenDav.installed()) {
            return;
        }
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(), Instant::now), Set.of(new Tokens())));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        dav = ApacheTokenDav.start(Files.createTempDirectory("laguna-exchange-dav"), idp.jwksUrl(ISSUER_ID).uri(),
                ApacheTokenDav.areas("u", AUDIENCE));
        String issuer = idp.issuerUrl(ISSUER_ID).toString();
        // the provider's first answer can take seconds on a busy machine (class loading); not what these tests are about
        HTTP.send(HttpRequest.newBuilder(URI.create(idp.wellKnownUrl(ISSUER_ID).toString())).build(), HttpResponse.BodyHandlers.discarding());
        server = TestServer.start(Map.of("auth.oidc.issuers", "iam", "auth.oidc.iam.issuer", issuer, "auth.oidc.iam.audiences", "rucio",
                "auth.oidc.iam.client-id", "laguna-server", "auth.oidc.iam.client-secret", "laguna-client-secret",
                "auth.oidc.iam.token-exchange", "true"));
        root = server.root();
        for (String user : List.of("jdoe", "mallory")) {
            server.createUser(user, user + "-password-1");
            server.createScope("user." + user, user);
            Rest.Response added = root.post("/accounts/" + user + "/identities", Map.of("identity", "SUB=" + user + "-sub, ISS=" + issuer,
                    "authtype", "OIDC", "email", user + "@example.org", "default", true));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
        }
        assertThat(root.post("/rses/TOKEN_U", Map.of()).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/TOKEN_U/protocols/dav", Map.of("hostname", "127.0.0.1", "port", dav.port(), "prefix", "/u",
                "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1)),
                "extended_attributes", Map.of("auth", "token", "token_issuer", "iam", "token_audience", AUDIENCE, "token_base_path", "/u")));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
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
        ISSUED.clear();
    }

    private static String userToken(String subject) {
        return idp.issueToken(ISSUER_ID, subject, "rucio", Map.of("scope", "openid storage.read:/ storage.create:/user"), 3600).serialize();
    }

    /** The path below the storage's area where the RSE's layout puts a file. */
    private static String path(String scope, String name) {
        String path = Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, scope, name);
        return path.startsWith("/") ? path : "/" + path;
    }

    private static Rest.Response storageToken(String bearer, String path, String operation) {
        return server.anonymous().call("GET", "/credentials/token?rse=TOKEN_U&url=" + Rest.q("dav://127.0.0.1:" + dav.port() + "/u" + path)
                + "&op=" + operation, null, Map.of("Authorization", "Bearer " + bearer));
    }

    private static int send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dav.port() + "/u" + path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Whether httpd's access log has the line, waiting a little: httpd writes it once the answer is sent. */
    private static boolean logged(String line) throws InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (dav.accessLog().contains(line)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void aUserOfTheIssuerGetsHerOwnPathScopedTokenByExchangeAndTheStorageSeesHerSubject() throws Exception {
        String user = userToken("jdoe-sub");
        String path = path("user.jdoe", "exchanged.dat");

        Rest.Response answer = storageToken(user, path, "write");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode issued = answer.json();
        assertThat(issued.get("grant").asText()).isEqualTo("token-exchange");
        assertThat(issued.get("audience").asText()).isEqualTo(AUDIENCE);
        assertThat(issued.get("scope").asText()).isEqualTo("storage.create:" + path);
        JWTClaimsSet claims = SignedJWT.parse(issued.get("token").asText()).getJWTClaimsSet();
        assertThat(claims.getSubject()).as("the user's subject, not the server's").isEqualTo("jdoe-sub");
        assertThat(claims.getAudience()).containsExactly(AUDIENCE);
        assertThat(claims.getStringClaim("scope")).as("only the path asked for, not the user's wider scopes").isEqualTo("storage.create:" + path);
        assertThat(ISSUED).containsExactly(List.of(TokenExchangeGrant.GRANT_TYPE.getValue(), "jdoe-sub", AUDIENCE, "storage.create:" + path));

        String token = issued.get("token").asText();
        String parent = "";
        for (String segment : path.substring(1, path.lastIndexOf('/')).split("/")) {
            parent += "/" + segment;
            assertThat(send("MKCOL", parent, token, null)).as(parent + "\n" + dav.errorLog()).isIn(201, 405);
        }
        assertThat(send("PUT", path, token, "written with the user's own token")).as(dav.errorLog()).isEqualTo(201);
        assertThat(Files.readString(dav.root("u").resolve(path.substring(1)))).isEqualTo("written with the user's own token");
        assertThat(logged("jdoe-sub PUT /u" + path + " 201")).as("httpd saw the user's subject: " + dav.accessLog()).isTrue();
        String elsewhere = path.substring(0, path.lastIndexOf('/')) + "/not-asked-for.dat";
        assertThat(send("PUT", elsewhere, token, "refused")).as("the token covers the one path only").isEqualTo(401);
        assertThat(send("GET", path, token, null)).as("nor another operation").isEqualTo(401);
    }

    @Test
    void anExchangeTheIssuerRefusesIsAClearAccessDeniedNotAServerError() {
        Rest.Response answer = storageToken(userToken("mallory-sub"), path("user.mallory", "refused.dat"), "write");

        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.exceptionClass()).isEqualTo("RSEAccessDenied");
        assertThat(answer.body()).contains("refused to exchange the user's token").contains("invalid_grant")
                .contains("not allowed for this user").doesNotContain("mallory-sub-token");
    }

    @Test
    void aCallerWithLagunasOwnTokenGetsAServerTokenByClientCredentialsWithTheSamePathScope() throws Exception {
        String path = path("user.mallory", "read-by-root.dat");
        Path directory = dav.root("u");
        for (String segment : path.substring(1, path.lastIndexOf('/')).split("/")) {
            directory = Files.createDirectories(directory.resolve(segment));
            // httpd (www-data when the tests run as root) writes here too
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        Files.writeString(dav.root("u").resolve(path.substring(1)), "read with the server's token");

        Rest.Response answer = root.get("/credentials/token?rse=TOKEN_U&url=" + Rest.q("dav://127.0.0.1:" + dav.port() + "/u" + path));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("grant").asText()).isEqualTo("client-credentials");
        assertThat(answer.json().get("scope").asText()).isEqualTo("storage.read:" + path);
        assertThat(ISSUED).containsExactly(List.of("client_credentials", "laguna-server", AUDIENCE, "storage.read:" + path));
        assertThat(send("GET", path, answer.json().get("token").asText(), null)).as(dav.errorLog()).isEqualTo(200);
        assertThat(logged("laguna-server GET /u" + path + " 200")).as(dav.accessLog().toString()).isTrue();
    }

    @Test
    void aUserMayNotHaveATokenToWriteInAnotherUsersScope() {
        Rest.Response answer = storageToken(userToken("jdoe-sub"), path("user.mallory", "not-hers.dat"), "write");

        assertThat(answer.status()).as(answer.body()).isEqualTo(401);
        assertThat(answer.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(ISSUED).as("the server asks the issuer nothing for a caller the policy turns away").isEmpty();
    }

    /**
     * The provider's answers: for a client-credentials request, a token of the server's client; for a token exchange,
     * the subject token's claims (as mock-oauth2-server keeps them) with the audience and scope asked for, refused for
     * mallory. Every answer recorded.
     */
    private static final class Tokens implements OAuth2TokenCallback {
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
            AuthorizationGrant grant = request.getAuthorizationGrant();
            if (grant instanceof TokenExchangeGrant exchange) {
                return exchange.getAudience() == null ? List.of() : exchange.getAudience().stream().map(Audience::getValue).toList();
            }
            return request.getCustomParameters().getOrDefault("audience", List.of());
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            String scope = request.getScope() == null ? "" : request.getScope().toString();
            String subject = "laguna-server";
            if (request.getAuthorizationGrant() instanceof TokenExchangeGrant exchange) {
                try {
                    subject = SignedJWT.parse(exchange.getSubjectToken().getValue()).getJWTClaimsSet().getSubject();
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
                if (subject.equals("mallory-sub")) {
                    throw new OAuth2Exception(OAuth2Error.INVALID_GRANT.setDescription("token exchange not allowed for this user"),
                            "token exchange not allowed for this user");
                }
            }
            ISSUED.add(List.of(request.getAuthorizationGrant().getType().getValue(), subject, String.join(" ", audience(request)), scope));
            return Map.of("scope", scope);
        }

        @Override
        public long tokenExpiry() {
            return 600;
        }
    }
}
