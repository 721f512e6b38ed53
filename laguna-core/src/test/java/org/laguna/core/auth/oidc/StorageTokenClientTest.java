package org.laguna.core.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The server's client-credentials requests for storage tokens, against a token endpoint on loopback. */
class StorageTokenClientTest {
    private static final String SECRET = "the-client-secret-never-shown";

    @TempDir
    Path home;

    private HttpServer endpoint;
    private final List<Map<String, String>> forms = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"access_token\":\"tok-%d\",\"token_type\":\"Bearer\",\"expires_in\":600}";
    private final SettableClock clock = new SettableClock();

    @BeforeEach
    void start() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            forms.add(Arrays.stream(body.split("&")).map(p -> p.split("=", 2)).collect(Collectors.toMap(p -> p[0],
                    p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8))));
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] out = answer.formatted(forms.size()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        endpoint.start();
    }

    @AfterEach
    void stop() {
        endpoint.stop(0);
    }

    private StorageTokenClient client() throws IOException {
        String base = "http://127.0.0.1:" + endpoint.getAddress().getPort();
        Files.writeString(home.resolve("laguna.properties"), "auth.oidc.issuers=iam\nauth.oidc.iam.issuer=" + base + "/iam/\n"
                + "auth.oidc.iam.client-id=laguna\nauth.oidc.iam.token-endpoint=" + base + "/token\n");
        ConfigSource source = ConfigSource.load(home, Map.of("LAGUNA_AUTH_OIDC_IAM_CLIENT_SECRET", SECRET));
        return new StorageTokenClient(OidcClients.load(source, OidcConfig.load(source)), clock);
    }

    @Test
    void asksWithClientCredentialsForTheAudienceAndScopeWithTheServersClient() throws IOException {
        String token = client().token("iam", "https://dav.example.org", "storage.read:/exp/ab/cd/f");

        assertThat(token).isEqualTo("tok-1");
        assertThat(forms.getFirst()).containsEntry("grant_type", "client_credentials").containsEntry("audience", "https://dav.example.org")
                .containsEntry("scope", "storage.read:/exp/ab/cd/f");
        assertThat(authorizations.getFirst()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(("laguna:" + SECRET)
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTokenIsReusedForTheSameAudienceAndScopeUntilShortlyBeforeItExpires() throws IOException {
        StorageTokenClient client = client();
        assertThat(client.token("iam", "aud", "storage.read:/a")).isEqualTo("tok-1");
        assertThat(client.token("iam", "aud", "storage.read:/a")).isEqualTo("tok-1");
        assertThat(client.token("iam", "aud", "storage.read:/b")).as("another path, another token").isEqualTo("tok-2");
        assertThat(client.token("iam", "other", "storage.read:/a")).as("another audience, another token").isEqualTo("tok-3");

        clock.now = clock.now.plusSeconds(539);
        assertThat(client.token("iam", "aud", "storage.read:/a")).isEqualTo("tok-1");
        clock.now = clock.now.plusSeconds(1);
        assertThat(client.token("iam", "aud", "storage.read:/a")).as("a minute before expiry it is renewed").isEqualTo("tok-4");
    }

    @Test
    void aShortLivedTokenIsRenewedHalfwayThroughItsLife() {
        assertThat(StorageTokenClient.renewBefore(Instant.EPOCH, Duration.ofSeconds(60))).isEqualTo(Instant.EPOCH.plusSeconds(30));
        assertThat(StorageTokenClient.renewBefore(Instant.EPOCH, Duration.ofHours(1))).isEqualTo(Instant.EPOCH.plusSeconds(3540));
    }

    @Test
    void aRefusalNamesTheIssuersErrorButNeitherSecretNorToken() throws IOException {
        status = 400;
        answer = "{\"error\":\"invalid_scope\",\"error_description\":\"scope not allowed for client\"}";

        assertThatThrownBy(() -> client().token("iam", "aud", "storage.modify:/x")).isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.STORAGE_ACCESS_DENIED))
                .hasMessageContaining("invalid_scope").hasMessageContaining("iam").hasMessageNotContaining(SECRET);
        assertThat(client().toString()).doesNotContain(SECRET);
        assertThat(OidcClients.load(ConfigSource.load(home, Map.of("LAGUNA_AUTH_OIDC_IAM_CLIENT_SECRET", SECRET)),
                OidcConfig.load(ConfigSource.load(home, Map.of()))).client("iam").orElseThrow().toString()).doesNotContain(SECRET);
    }

    @Test
    void anIssuerWithoutAClientCannotGiveTokens() throws IOException {
        Files.writeString(home.resolve("laguna.properties"), "auth.oidc.issuers=iam\nauth.oidc.iam.issuer=https://iam.example.org/\n");
        ConfigSource source = ConfigSource.load(home, Map.of());
        StorageTokenClient client = new StorageTokenClient(OidcClients.load(source, OidcConfig.load(source)), clock);

        assertThat(client.canObtainFrom("iam")).isFalse();
        assertThatThrownBy(() -> client.token("iam", "aud", "storage.read:/")).hasMessageContaining("auth.oidc.iam.client-id");
    }

    @Test
    void aSecretWithoutClientIdIsRefusedAtStart() throws IOException {
        Files.writeString(home.resolve("laguna.properties"), "auth.oidc.issuers=iam\nauth.oidc.iam.issuer=https://iam.example.org/\n"
                + "auth.oidc.iam.client-secret=s3cr3t\n");
        ConfigSource source = ConfigSource.load(home, Map.of());

        assertThatThrownBy(() -> OidcClients.load(source, OidcConfig.load(source))).hasMessageContaining("client-id");
    }

    @Test
    void aPublicClientTakesNoStorageTokens() throws IOException {
        Files.writeString(home.resolve("laguna.properties"), "auth.oidc.issuers=iam\nauth.oidc.iam.issuer=https://iam.example.org/\n"
                + "auth.oidc.iam.client-id=laguna\n");
        ConfigSource source = ConfigSource.load(home, Map.of());

        assertThat(OidcClients.load(source, OidcConfig.load(source)).client("iam")).isEmpty();
    }

    private StorageTokenClient exchangingClient() throws IOException {
        String base = "http://127.0.0.1:" + endpoint.getAddress().getPort();
        Files.writeString(home.resolve("laguna.properties"), "auth.oidc.issuers=iam\nauth.oidc.iam.issuer=" + base + "/iam/\n"
                + "auth.oidc.iam.client-id=laguna\nauth.oidc.iam.token-endpoint=" + base + "/token\nauth.oidc.iam.token-exchange=true\n");
        ConfigSource source = ConfigSource.load(home, Map.of("LAGUNA_AUTH_OIDC_IAM_CLIENT_SECRET", SECRET));
        return new StorageTokenClient(OidcClients.load(source, OidcConfig.load(source)), clock);
    }

    @Test
    void exchangesTheUsersTokenAsRfc8693SaysWithTheServersClientAndCachesPerUserToken() throws IOException {
        StorageTokenClient client = exchangingClient();
        assertThat(client.exchanges("iam")).isTrue();
        assertThat(client.issued("iam", "SUB=jdoe, ISS=http://127.0.0.1:" + endpoint.getAddress().getPort() + "/iam/")).isTrue();
        assertThat(client.issued("iam", "SUB=jdoe, ISS=https://elsewhere.example.org/")).isFalse();

        assertThat(client.exchange("iam", "user-token-1", "https://dav.example.org", "storage.create:/exp/f")).isEqualTo("tok-1");
        assertThat(client.exchange("iam", "user-token-1", "https://dav.example.org", "storage.create:/exp/f")).isEqualTo("tok-1");
        assertThat(client.exchange("iam", "user-token-2", "https://dav.example.org", "storage.create:/exp/f")).as("another user's token")
                .isEqualTo("tok-2");

        assertThat(forms.getFirst()).containsEntry("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange")
                .containsEntry("subject_token", "user-token-1").containsEntry("subject_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("requested_token_type", "urn:ietf:params:oauth:token-type:access_token")
                .containsEntry("audience", "https://dav.example.org").containsEntry("scope", "storage.create:/exp/f");
        assertThat(authorizations.getFirst()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(("laguna:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRefusedExchangeSaysSoWithTheIssuersErrorButNeitherToken() throws IOException {
        status = 400;
        answer = "{\"error\":\"invalid_grant\",\"error_description\":\"exchange not allowed\"}";

        assertThatThrownBy(() -> exchangingClient().exchange("iam", "the-users-token", "aud", "storage.read:/f")).isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.STORAGE_ACCESS_DENIED))
                .hasMessageContaining("refused to exchange the user's token").hasMessageContaining("invalid_grant: exchange not allowed")
                .message().doesNotContain("the-users-token").doesNotContain(SECRET);
    }

    @Test
    void anIssuerWithoutTokenExchangeExchangesNothingAndTokenExchangeNeedsAClient() throws IOException {
        assertThatThrownBy(() -> client().exchange("iam", "user-token", "aud", "storage.read:/f"))
                .hasMessageContaining("auth.oidc.iam.token-exchange");
        assertThat(forms).isEmpty();
        Files.writeString(home.resolve("laguna.properties"), "auth.oidc.issuers=iam\nauth.oidc.iam.issuer=https://iam.example.org/\n"
                + "auth.oidc.iam.token-exchange=true\n");
        ConfigSource source = ConfigSource.load(home, Map.of());
        assertThatThrownBy(() -> OidcClients.load(source, OidcConfig.load(source))).hasMessageContaining("token-exchange needs the server's client");
    }

    private static final class SettableClock extends Clock {
        private Instant now = Instant.parse("2026-12-04T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
