package org.laguna.bench;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * An OIDC provider on loopback for benchmarks that authenticate with JWT access tokens
 * (mock-oauth2-server): it publishes a discovery document and a key set, and issues RS256 tokens
 * for audience {@code rucio}.
 */
final class BenchIssuer implements AutoCloseable {
    private static final String ISSUER_ID = "bench";
    private static final String SUBJECT = "laguna-bench";

    private final MockOAuth2Server server;

    private BenchIssuer(MockOAuth2Server server) {
        this.server = server;
    }

    static BenchIssuer start() throws Exception {
        MockOAuth2Server server = new MockOAuth2Server();
        server.start(InetAddress.getLoopbackAddress(), 0);
        // its first answer is slow (class loading); get it over with before the server under test asks
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.wellKnownUrl(ISSUER_ID).toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        return new BenchIssuer(server);
    }

    String issuer() {
        return server.issuerUrl(ISSUER_ID).toString();
    }

    /** The settings that make a Laguna server trust this issuer. */
    Map<String, String> serverProperties() {
        return Map.of("auth.oidc.issuers", "bench", "auth.oidc.bench.issuer", issuer(), "auth.oidc.bench.audiences", "rucio");
    }

    /** The OIDC identity of the benchmark's tokens, to map to the benchmark's account. */
    String identity() {
        return "SUB=" + SUBJECT + ", ISS=" + issuer();
    }

    /** A token valid for an hour. */
    String token() {
        return server.issueToken(ISSUER_ID, SUBJECT, "rucio", Map.of(), 3600).serialize();
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
