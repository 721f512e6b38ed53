package org.laguna.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.laguna.server.testing.AuditRows;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.server.tls.TestPki.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client certificates on the HTTPS listener log in through {@code /auth/x509} and {@code /auth/x509_proxy}, as Rucio's client does. */
class X509AuthApiTest {
    private static final String ALICE_DN = "/DC=org/DC=laguna/O=Laguna/CN=Alice Doe";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Credential ca;
    private static Credential alice;
    private static Credential carol;
    private static Credential stranger;
    private static TestServer server;

    @BeforeAll
    static void start() {
        ca = TestPki.ca(TestPki.name("DC=org", "DC=laguna", "CN=Laguna Test CA"));
        Credential host = TestPki.host(ca);
        alice = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"));
        carol = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Carol"));
        stranger = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Stranger"));
        Path certificate = TestPki.writePem(dir.resolve("host/hostcert.pem"), host.certificate(), ca.certificate());
        Path key = TestPki.writePem(dir.resolve("host/hostkey.pem"), host.key());
        TestPki.writePem(dir.resolve("certificates/1a2b3c4d.0"), ca.certificate());
        server = TestServer.start(Map.of("server.https-port", "0", "server.tls.certificate", certificate.toString(),
                "server.tls.key", key.toString(), "server.tls.ca-directory", dir.resolve("certificates").toString()));
        server.createUser("alice", "alice-pw");
        server.createUser("alice2", "alice2-pw");
        server.createUser("carol", "carol-pw");
        server.createUser("bob", "bob-pw");
        addIdentity("alice", ALICE_DN, true);
        addIdentity("alice2", ALICE_DN, false);
        // stored in RFC 2253 form, least significant RDN first
        addIdentity("carol", "CN=Carol,O=Laguna,DC=laguna,DC=org", true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void addIdentity(String account, String dn, boolean isDefault) {
        Rest.Response added = server.root().post("/accounts/" + account + "/identities", Map.of("identity", dn, "authtype", "X509",
                "email", account + "@example.org", "default", isDefault));
        assertThat(added.status()).isEqualTo(201);
    }

    private static HttpResponse<String> get(SSLContext context, String url, Map<String, String> headers) throws IOException {
        HttpClient client = HttpClient.newBuilder().sslContext(context).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static HttpResponse<String> login(Credential credential, String route, Map<String, String> headers) throws IOException {
        return get(TestPki.clientContext(credential, ca), server.httpsUrl() + route, headers);
    }

    private static String whoami(String base, String token) throws IOException {
        HttpResponse<String> whoami = get(TestPki.clientContext(null, ca), base + "/accounts/whoami", Map.of("X-Rucio-Auth-Token", token));
        assertThat(whoami.statusCode()).as(whoami.body()).isEqualTo(200);
        return JSON.readTree(whoami.body()).get("account").asText();
    }

    private static String exceptionClass(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body()).get("ExceptionClass").asText();
    }

    @Test
    void aUserCertificateLogsInToTheAccountHoldingItsDnAndWhoamiAnswersIt() throws IOException {
        HttpResponse<String> login = login(alice, "/auth/x509", Map.of("X-Rucio-Account", "alice"));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(login.headers().firstValue("X-Rucio-Auth-Account")).hasValue("alice");
        assertThat(login.headers().firstValue("X-Rucio-Auth-Token-Expires")).isPresent();
        String token = login.headers().firstValue("X-Rucio-Auth-Token").orElseThrow();
        assertThat(whoami(server.httpsUrl(), token)).isEqualTo("alice");
        Rest.Response validated = new Rest(server.url(), token).get("/auth/validate");
        assertThat(validated.json().get("identity").asText()).isEqualTo(ALICE_DN);
    }

    @Test
    void eachLoginIsInTheAuditLogWithItsMethodAddressAndRequestIdButNoToken() throws IOException {
        HttpResponse<String> direct = login(carol, "/auth/x509", Map.of("X-Request-Id", "x509-login-carol"));
        HttpResponse<String> proxied = login(TestPki.proxy(carol), "/auth/x509_proxy", Map.of("X-Request-Id", "x509-proxy-login-carol"));
        assertThat(direct.statusCode()).as(direct.body()).isEqualTo(200);
        assertThat(proxied.statusCode()).as(proxied.body()).isEqualTo(200);

        List<AuditRows.Row> logins = AuditRows.of(server.core().database(), "carol", "login", "account=carol").stream()
                .filter(row -> row.requestId().startsWith("x509-")).toList();

        assertThat(logins).extracting(AuditRows.Row::requestId, AuditRows.Row::authMethod, AuditRows.Row::identity, AuditRows.Row::target,
                AuditRows.Row::outcome).containsExactly(
                        tuple("x509-login-carol", "x509", "CN=Carol,O=Laguna,DC=laguna,DC=org", "account=carol", "SUCCESS"),
                        tuple("x509-proxy-login-carol", "x509_proxy", "CN=Carol,O=Laguna,DC=laguna,DC=org", "account=carol", "SUCCESS"));
        assertThat(logins).allSatisfy(row -> assertThat(row.clientAddress()).isNotBlank());
        String token = direct.headers().firstValue("X-Rucio-Auth-Token").orElseThrow();
        long secrets = server.core().database().readOnly(tx -> tx.count("select count(*) from audit_log a where strpos(a::text, ?) > 0",
                token));
        assertThat(secrets).isZero();
    }

    @Test
    void theRequestedAccountChoosesAmongAccountsHoldingTheDnAndTheDefaultOtherwise() throws IOException {
        HttpResponse<String> chosen = login(alice, "/auth/x509", Map.of("X-Rucio-Account", "alice2"));
        HttpResponse<String> byDefault = login(alice, "/auth/x509", Map.of());

        assertThat(chosen.headers().firstValue("X-Rucio-Auth-Account")).hasValue("alice2");
        assertThat(byDefault.headers().firstValue("X-Rucio-Auth-Account")).hasValue("alice");
    }

    @Test
    void aProxyCertificateLogsInAsTheUserWhoIssuedIt() throws IOException {
        Credential proxy = TestPki.proxy(alice);

        HttpResponse<String> login = login(proxy, "/auth/x509_proxy", Map.of("X-Rucio-Account", "alice"));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(whoami(server.url(), login.headers().firstValue("X-Rucio-Auth-Token").orElseThrow())).isEqualTo("alice");
    }

    @Test
    void aProxyOfAProxyLogsInAsTheUserToo() throws IOException {
        HttpResponse<String> login = login(TestPki.proxy(TestPki.proxy(alice)), "/auth/x509_proxy", Map.of("X-Rucio-Account", "alice"));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }

    @Test
    void anIdentityStoredInRfc2253FormIsRecognised() throws IOException {
        HttpResponse<String> login = login(carol, "/auth/x509", Map.of("X-Rucio-Account", "carol"));

        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        assertThat(whoami(server.httpsUrl(), login.headers().firstValue("X-Rucio-Auth-Token").orElseThrow())).isEqualTo("carol");
    }

    @Test
    void anAccountThatDoesNotHoldTheDnIsRefused() throws IOException {
        HttpResponse<String> login = login(alice, "/auth/x509", Map.of("X-Rucio-Account", "bob"));

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(exceptionClass(login)).isEqualTo("CannotAuthenticate");
        assertThat(login.body()).contains("bob").contains(ALICE_DN);
    }

    @Test
    void anUnknownDnIsRefused() throws IOException {
        HttpResponse<String> login = login(stranger, "/auth/x509", Map.of());

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(exceptionClass(login)).isEqualTo("CannotAuthenticate");
        assertThat(login.body()).contains("/DC=org/DC=laguna/O=Laguna/CN=Stranger");
    }

    @Test
    void noClientCertificateIsRefusedWhileOtherRoutesWorkWithoutOne() throws IOException {
        HttpResponse<String> login = login(null, "/auth/x509", Map.of("X-Rucio-Account", "alice"));
        HttpResponse<String> ping = login(null, "/ping", Map.of());

        assertThat(login.statusCode()).isEqualTo(401);
        assertThat(exceptionClass(login)).isEqualTo("CannotAuthenticate");
        assertThat(login.body()).contains("no client certificate");
        assertThat(ping.statusCode()).isEqualTo(200);
    }

    @Test
    void aCertificateOfAnUntrustedCaIsRefused() {
        Credential otherCa = TestPki.ca(TestPki.name("DC=org", "DC=elsewhere", "CN=Other CA"));
        Credential impostor = TestPki.user(otherCa, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"));

        assertThat(refused(impostor)).isTrue();
    }

    @Test
    void anExpiredCertificateIsRefused() {
        Credential expired = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"),
                Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));

        assertThat(refused(expired)).isTrue();
    }

    /** Refused at the TLS handshake, or (should the connection go through) answered 401. */
    private static boolean refused(Credential credential) {
        try {
            HttpResponse<String> login = login(credential, "/auth/x509", Map.of("X-Rucio-Account", "alice"));
            return login.statusCode() == 401 && login.headers().firstValue("X-Rucio-Auth-Token").isEmpty();
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void anX509IdentityAddedFromTheCommandLineLetsItsCertificateIn() throws IOException {
        Credential dave = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Dave"));
        assertThat(CliRunner.asRoot(server, "account", "add", "dave").exit()).isZero();

        CliRunner.Run added = CliRunner.asRoot(server, "account", "identity", "add", "dave", "--type", "X509",
                "--identity", "/DC=org/DC=laguna/O=Laguna/CN=Dave", "--email", "dave@example.org");

        assertThat(added.exit()).as(added.err()).isZero();
        HttpResponse<String> login = login(dave, "/auth/x509", Map.of("X-Rucio-Account", "dave"));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }

    @Test
    void thePlainHttpListenerIsUnchangedAndCannotCarryACertificate() {
        Rest.Response ping = server.anonymous().get("/ping");
        Rest.Response login = server.anonymous().call("GET", "/auth/x509", null, Map.of("X-Rucio-Account", "alice"));

        assertThat(ping.status()).isEqualTo(200);
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.exceptionClass()).isEqualTo("CannotAuthenticate");
        assertThat(login.body()).contains("HTTPS");
    }
}
