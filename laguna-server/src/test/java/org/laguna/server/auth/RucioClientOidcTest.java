package org.laguna.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified Rucio 41 client and CLI log in with {@code auth_type = oidc} and polling against a
 * real provider on loopback; this test plays the browser, opening the URL the client prints. Then
 * the client refreshes its token and runs whoami, did list, upload, download and rule add. Runs when
 * {@code RUCIO_SOURCE_TREE} names a Rucio 41.0.0 checkout (scripts/rucio-client-oidc.sh sets it).
 */
class RucioClientOidcTest {
    private static final String ISSUER_ID = "iam";
    private static final Pattern LOGIN_URL = Pattern.compile("(https?://\\S+/auth/oidc_redirect\\?\\S+)");
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    private static MockOAuth2Server idp;
    private static TestServer server;
    private static Path tree;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        String source = System.getenv("RUCIO_SOURCE_TREE");
        assumeTrue(source != null && Files.isRegularFile(Path.of(source, "bin", "rucio")), "RUCIO_SOURCE_TREE names no Rucio 41 checkout");
        tree = Path.of(source);
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, true, new OAuth2TokenProvider(), Set.of(new AliceCallback())));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        String issuer = idp.issuerUrl(ISSUER_ID).toString();
        server = TestServer.start(Map.of("auth.oidc.issuers", "iam", "auth.oidc.iam.issuer", issuer,
                "auth.oidc.iam.client-id", "laguna", "auth.oidc.iam.client-secret", "laguna-secret"));
        Rest root = server.root();
        server.createUser("alice", "alice-pw");
        assertThat(root.post("/accounts/alice/identities", Map.of("identity", "SUB=alice-sub, ISS=" + issuer, "authtype", "OIDC",
                "email", "alice@example.org", "default", true)).status()).isEqualTo(201);
        server.createScope("alice", "alice");
        for (String rse : List.of("OIDC_DISK", "OIDC_DISK2")) {
            Files.createDirectories(work.resolve("rses").resolve(rse.toLowerCase(Locale.ROOT)));
            PosixRses.addUnder(root, rse, work.resolve("rses"));
            assertThat(root.post("/accounts/alice/limits/local/" + rse, Map.of("bytes", 1_000_000)).status()).isLessThan(300);
        }
        Files.writeString(work.resolve("rucio.cfg"), """
                [client]
                rucio_host = %1$s
                auth_host = %1$s
                auth_type = oidc
                account = alice
                oidc_polling = True
                oidc_scope = openid profile offline_access
                oidc_issuer = iam
                auth_oidc_refresh_active = True
                request_retries = 1
                """.formatted(server.url()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (idp != null) {
            idp.shutdown();
        }
    }

    /** The provider's user: alice. */
    private static final class AliceCallback implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return "alice-sub";
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
            return Map.of();
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }

    /** Runs the Rucio CLI; opens any login URL it prints as a browser would. Answers its output. */
    private static String rucio(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", tree.resolve("bin/rucio").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        builder.environment().keySet().removeIf(k -> k.startsWith("BEARER_TOKEN") || k.startsWith("RUCIO_"));
        builder.environment().putAll(Map.of("RUCIO_CONFIG", work.resolve("rucio.cfg").toString(), "PYTHONPATH", tree.resolve("lib").toString(),
                "PYTHONUNBUFFERED", "1", "TMPDIR", tmp.toString(), "XDG_RUNTIME_DIR", tmp.toString()));
        Process process = builder.start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.append(line).append('\n');
                Matcher url = LOGIN_URL.matcher(line);
                if (url.find()) {
                    HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(URI.create(url.group(1))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    output.append("[browser] ").append(page.statusCode()).append(' ').append(page.uri().getPath()).append('\n');
                }
            }
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("+ rucio " + String.join(" ", args) + "\n" + output);
        assertThat(process.exitValue()).as(output.toString()).isZero();
        return output.toString();
    }

    @Test
    void theRucioClientLogsInThroughTheProviderAndWorksWithItsToken() throws Exception {
        String login = rucio("whoami");
        assertThat(login).contains("/auth/oidc_redirect?").contains("[browser] 200 /auth/oidc_code").contains("alice");
        Path tokenFile;
        try (Stream<Path> files = Files.walk(work.resolve("tmp"))) {
            tokenFile = files.filter(f -> f.getFileName().toString().equals("auth_token_for_account_alice")).findFirst().orElseThrow();
        }
        String token = Files.readString(tokenFile).trim();
        Rest.Response validated = server.anonymous().call("GET", "/auth/validate", null, Map.of("X-Rucio-Auth-Token", token));
        assertThat(validated.json().get("identity").asText()).startsWith("SUB=alice-sub, ISS=");
        Long grants = server.core().database().readOnly(tx -> tx.count("select count(*) from oidc_refresh_grants where account = 'alice'"));
        assertThat(grants).as("the client refreshed once after its login; the grant moved to the new token").isEqualTo(1);

        Path payload = Files.writeString(work.resolve("payload.txt"), "bytes uploaded by the Rucio client after an OIDC login\n");
        assertThat(rucio("upload", "--rse", "OIDC_DISK", "--scope", "alice", payload.toString())).doesNotContain("/auth/oidc_redirect?");
        assertThat(rucio("did", "list", "alice:*", "--filter", "type=all")).contains("alice:payload.txt");
        rucio("download", "--dir", work.resolve("downloads").toString(), "alice:payload.txt");
        assertThat(Files.readString(work.resolve("downloads/alice/payload.txt"))).isEqualTo(Files.readString(payload));
        rucio("rule", "add", "--copies", "1", "--rses", "OIDC_DISK2", "alice:payload.txt");
        assertThat(rucio("rule", "list", "--did", "alice:payload.txt")).contains("OIDC_DISK2").contains("alice");
        assertThat(rucio("whoami")).doesNotContain("/auth/oidc_redirect?").contains("alice");
    }
}
