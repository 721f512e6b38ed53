package org.laguna.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT access tokens of a real OIDC provider on loopback (mock-oauth2-server) authenticate REST calls. */
class OidcTokenApiTest {
    private static final String ISSUER_ID = "laguna";
    private static RotatingKeys keys;
    private static MockOAuth2Server idp;
    private static TestServer server;
    private static Rest root;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        keys = new RotatingKeys();
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys, java.time.Instant::now)));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        issuer = idp.issuerUrl(ISSUER_ID).toString();
        // the provider's first answer can take seconds on a busy machine (class loading); not what these tests are about
        java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(idp.wellKnownUrl(ISSUER_ID)
                .toString())).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
        server = TestServer.start(Map.of("auth.oidc.issuers", "mock,down", "auth.oidc.mock.issuer", issuer,
                "auth.oidc.mock.audiences", "rucio,https://laguna.example.org", "auth.oidc.mock.clock-skew", "PT10S",
                "auth.oidc.down.issuer", idp.issuerUrl("down").toString(), "auth.oidc.down.jwks-uri", "http://127.0.0.1:1/jwks"));
        root = server.root();
        server.createUser("alice", "alice-pw");
        server.createUser("alice2", "alice2-pw");
        server.createUser("bob", "bob-pw");
        addOidcIdentity("alice", "alice-sub", true);
        addOidcIdentity("alice2", "alice-sub", false);
        server.createScope("alice", "alice");
        assertThat(root.post("/dids/alice/ds1", Map.of("type", "DATASET")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.shutdown();
    }

    private static void addOidcIdentity(String account, String subject, boolean isDefault) {
        Rest.Response added = root.post("/accounts/" + account + "/identities", Map.of("identity", "SUB=" + subject + ", ISS=" + issuer,
                "authtype", "OIDC", "email", account + "@example.org", "default", isDefault));
        assertThat(added.status()).isEqualTo(201);
    }

    private static String token(String subject) {
        return idp.issueToken(ISSUER_ID, subject, "rucio", Map.of(), 3600).serialize();
    }

    private static Rest.Response whoami(String token) {
        return server.anonymous().call("GET", "/accounts/whoami", null, Map.of("Authorization", "Bearer " + token));
    }

    /** The account {@code /accounts/whoami} redirects to, as Rucio's does. */
    private static String account(Rest.Response whoami) {
        assertThat(whoami.status()).isEqualTo(303);
        String location = whoami.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void assertRejected(Rest.Response response, String reason) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("CannotAuthenticate");
        assertThat(response.json().get("ExceptionMessage").asText()).contains(reason);
    }

    @Test
    void aBearerTokenOfTheProviderAuthenticatesAsTheAccountHoldingItsIdentity() {
        Rest.Response response = whoami(token("alice-sub"));

        assertThat(account(response)).isEqualTo("alice");
    }

    @Test
    void theTokenMayComeInTheRucioHeaderAndReadsDids() {
        Rest jwt = new Rest(server.url(), token("alice-sub"));

        Rest.Response did = jwt.get("/dids/alice/ds1");

        assertThat(did.status()).isEqualTo(200);
        assertThat(did.json().get("type").asText()).isEqualTo("DATASET");
        assertThat(account(jwt.get("/accounts/whoami"))).isEqualTo("alice");
    }

    @Test
    void theRequestedAccountIsUsedWhenItHoldsTheIdentity() {
        String token = token("alice-sub");

        Rest.Response asAlice2 = server.anonymous().call("GET", "/accounts/whoami", null,
                Map.of("Authorization", "Bearer " + token, "X-Rucio-Account", "alice2"));
        Rest.Response asBob = server.anonymous().call("GET", "/accounts/whoami", null,
                Map.of("Authorization", "Bearer " + token, "X-Rucio-Account", "bob"));

        assertThat(account(asAlice2)).isEqualTo("alice2");
        assertRejected(asBob, "Cannot authenticate to account bob");
    }

    @Test
    void validateDescribesAJwtLikeALagunaToken() {
        Rest.Response response = server.anonymous().call("GET", "/auth/validate", null, Map.of("X-Rucio-Auth-Token", token("alice-sub")));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("account").asText()).isEqualTo("alice");
        assertThat(response.json().get("identity").asText()).isEqualTo("SUB=alice-sub, ISS=" + issuer);
        assertThat(response.json().get("seconds_left").asLong()).isBetween(3000L, 3600L);
    }

    @Test
    void lagunaTokensKeepWorkingNextToJwts() {
        assertThat(account(root.get("/accounts/whoami"))).isEqualTo("root");
        assertThat(account(server.anonymous().call("GET", "/accounts/whoami", null, Map.of("Authorization", "Bearer " + root.token()))))
                .isEqualTo("root");
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = idp.issueToken(ISSUER_ID, "alice-sub", "rucio", Map.of(), -120).serialize();

        assertRejected(whoami(expired), "expired");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String other = idp.issueToken(ISSUER_ID, "alice-sub", "some-other-service", Map.of(), 3600).serialize();

        assertRejected(whoami(other), "audience");
    }

    @Test
    void aTokenOfAnUntrustedIssuerIsRefused() {
        String foreign = idp.issueToken("elsewhere", "alice-sub", "rucio", Map.of(), 3600).serialize();

        assertRejected(whoami(foreign), "issuer " + idp.issuerUrl("elsewhere") + " is not trusted");
    }

    @Test
    void anIssuerWhoseKeysCannotBeFetchedIsNamedInA401() {
        String token = idp.issueToken("down", "alice-sub", "rucio", Map.of(), 3600).serialize();

        assertRejected(whoami(token), "the keys of issuer " + idp.issuerUrl("down") + " cannot be fetched");
    }

    @Test
    void aTamperedTokenIsRefused() {
        String[] parts = token("alice-sub").split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("alice-sub", "alice-suc");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(claims.getBytes()) + "." + parts[2];

        assertRejected(whoami(forged), "signature is invalid");
    }

    @Test
    void anUnsignedTokenIsRefused() throws ParseException {
        JWTClaimsSet claims = SignedJWT.parse(token("alice-sub")).getJWTClaimsSet();

        assertRejected(whoami(new PlainJWT(claims).serialize()), "not signed");
    }

    @Test
    void aTokenSignedWithASharedSecretIsRefused() throws Exception {
        JWTClaimsSet claims = SignedJWT.parse(token("alice-sub")).getJWTClaimsSet();
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keys.current().getKeyID()).build(), claims);
        hmac.sign(new MACSigner("0123456789abcdef0123456789abcdef0123456789abcdef".getBytes()));

        assertRejected(whoami(hmac.serialize()), "algorithm HS256 is not accepted");
    }

    @Test
    void aSubjectWithoutAnAccountIsRefused() {
        assertRejected(whoami(token("nobody-sub")), "no active account holds the OIDC identity 'SUB=nobody-sub, ISS=" + issuer + "'");
    }

    @Test
    void aNotYetValidTokenIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder(SignedJWT.parse(token("alice-sub")).getJWTClaimsSet())
                .notBeforeTime(new Date(System.currentTimeMillis() + 600_000)).build();
        SignedJWT early = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.current().getKeyID()).build(), claims);
        early.sign(new com.nimbusds.jose.crypto.RSASSASigner(keys.current()));

        assertRejected(whoami(early.serialize()), "not valid yet");
    }

    @Test
    void aNewSigningKeyOfTheProviderIsPickedUpWithoutRestart() throws ParseException {
        assertThat(account(whoami(token("alice-sub")))).isEqualTo("alice");
        String oldKid = keys.current().getKeyID();

        keys.rotate();
        String rotated = token("alice-sub");

        assertThat(SignedJWT.parse(rotated).getHeader().getKeyID()).isNotEqualTo(oldKid);
        assertThat(account(whoami(rotated))).isEqualTo("alice");
    }

    @Test
    void theCallerCarriesTheTokensWlcgScopesAndGroups() {
        String token = idp.issueToken(ISSUER_ID, "alice-sub", "rucio", Map.of("scope", "openid storage.read:/alice storage.create:/alice/new",
                "wlcg.groups", List.of("/cms", "/cms/uscms"), "wlcg.ver", "1.0"), 3600).serialize();

        Caller caller = server.core().auth().validate(token, Optional.empty());

        assertThat(caller.account()).isEqualTo("alice");
        assertThat(caller.identity()).isEqualTo("SUB=alice-sub, ISS=" + issuer);
        assertThat(caller.grants().allows(TokenGrants.StorageOperation.READ, "/alice/data/f1")).isTrue();
        assertThat(caller.grants().allows(TokenGrants.StorageOperation.CREATE, "/alice/data")).isFalse();
        assertThat(caller.grants().groups()).containsExactly("/cms", "/cms/uscms");
        assertThat(account(whoami(token))).isEqualTo("alice");
    }

    @Test
    void anOidcIdentityAddedFromTheCommandLineLetsItsTokensIn() {
        assertThat(CliRunner.asRoot(server, "account", "add", "carol").exit()).isZero();

        CliRunner.Run added = CliRunner.asRoot(server, "account", "identity", "add", "carol", "--type", "OIDC",
                "--identity", "SUB=carol-sub, ISS=" + issuer, "--email", "carol@example.org");

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(account(whoami(token("carol-sub")))).isEqualTo("carol");
    }

    @Test
    void anUnknownWlcgProfileVersionIsRefused() {
        String token = idp.issueToken(ISSUER_ID, "alice-sub", "rucio", Map.of("wlcg.ver", "2.0"), 3600).serialize();

        assertRejected(whoami(token), "wlcg.ver=2.0");
    }

    /** The provider's signing key, replaced on demand by one with a new key id. */
    static final class RotatingKeys extends KeyProvider {
        private volatile RSAKey current = generate();

        RSAKey current() {
            return current;
        }

        void rotate() {
            current = generate();
        }

        @Override
        public JWK signingKey(String keyId) {
            return current;
        }

        private static RSAKey generate() {
            try {
                return new RSAKeyGenerator(2048).keyID(java.util.UUID.randomUUID().toString()).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
