package org.laguna.server.ui;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * A Laguna server that takes sign-ins from a real OIDC provider on loopback (mock-oauth2-server, whose
 * authorization endpoint sends the browser straight back with a code for the current {@link #subject})
 * and opens self-registration with approval by an administrator. The account alice holds the OIDC
 * identity of the subject {@code alice-sub}; the account dora administers; the RSE SITE_A is what new
 * accounts get a quota on.
 */
final class OidcWorld implements AutoCloseable {
    static final String ISSUER_ID = "laguna";
    static final String PROVIDER = "mock";
    static final String PASSWORD = "Oidc-pw-2718";
    static final String TERMS = "Keep the data lake for science.\nDo not share your account.";
    static final String TERMS_VERSION = "2026-12";

    /** The person the provider vouches for next. */
    static volatile String subject = "alice-sub";

    final MockOAuth2Server idp;
    final TestServer server;
    final String issuer;

    OidcWorld() {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, true, new OAuth2TokenProvider(), Set.of(new Subject())));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        issuer = idp.issuerUrl(ISSUER_ID).toString();
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(idp.wellKnownUrl(ISSUER_ID).toString())).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Map<String, String> settings = new HashMap<>(Map.of("auth.oidc.issuers", PROVIDER, "auth.oidc.mock.issuer", issuer,
                "auth.oidc.mock.client-id", "laguna-client", "auth.oidc.mock.client-secret", "laguna-secret",
                "registration.enabled", "true", "registration.terms.version", TERMS_VERSION, "registration.terms.text", TERMS,
                "registration.approval-required", "true"));
        settings.put("registration.quota.SITE_A", "1000000000");
        server = TestServer.start(settings);
        Rest root = server.root();
        UiWorld.expect(root.post("/rses/SITE_A", Map.of()));
        server.createUser("alice", PASSWORD);
        server.createUser("dora", PASSWORD);
        UiWorld.expect(root.post("/accounts/dora/attr/admin", Map.of("value", true)));
        UiWorld.expect(root.post("/accounts/alice/identities", Map.of("identity", "SUB=alice-sub, ISS=" + issuer, "authtype", "OIDC",
                "email", "alice@example.org", "default", true)));
    }

    String url() {
        return server.url();
    }

    @Override
    public void close() {
        server.close();
        idp.shutdown();
    }

    /** Every token is for the current subject, with audience rucio, and names them (preferred_username, email). */
    private static final class Subject implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return subject;
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of("rucio");
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            String name = subject.replace("-sub", "");
            return Map.of("preferred_username", name, "email", name.toLowerCase(Locale.ROOT) + "@example.org");
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }
}
