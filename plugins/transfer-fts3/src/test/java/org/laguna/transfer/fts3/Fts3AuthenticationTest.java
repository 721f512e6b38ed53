package org.laguna.transfer.fts3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.laguna.spi.transfer.TransferJob;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolException;

class Fts3AuthenticationTest {
    private static final String JOB = "7f2c1c3e-8a4b-11ef-9a6e-fa163e5c2b10";

    @TempDir
    static Path certificatesDirectory;

    private static TestCertificates certificates;

    @BeforeAll
    static void makeCertificates() {
        certificates = TestCertificates.create(certificatesDirectory);
    }

    private static TransferTool tool(RecordedFts3Server fts, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.put("url", fts.url().toString());
        return new Fts3TransferToolFactory().create(all);
    }

    @Test
    void sendsTheConfiguredBearerToken() {
        try (RecordedFts3Server fts = RecordedFts3Server.http().answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of("token", "eyJhbGciOi.fixed.token"))) {
            tool.query(List.of(JOB));

            assertThat(fts.last().header("Authorization")).isEqualTo("Bearer eyJhbGciOi.fixed.token");
        }
    }

    @Test
    void readsTheTokenFileAgainWhenItChanges(@TempDir Path directory) throws IOException {
        Path tokenFile = Files.writeString(directory.resolve("fts.token"), "first-token\n");
        try (RecordedFts3Server fts = RecordedFts3Server.http().answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of("token-file", tokenFile.toString()))) {
            tool.query(List.of(JOB));
            tool.query(List.of(JOB));
            Files.writeString(tokenFile, "renewed-token-after-an-hour\n");
            Files.setLastModifiedTime(tokenFile, FileTime.from(Instant.now().plusSeconds(5)));
            tool.query(List.of(JOB));

            assertThat(fts.received()).extracting(r -> r.header("Authorization"))
                    .containsExactly("Bearer first-token", "Bearer first-token", "Bearer renewed-token-after-an-hour");
        }
    }

    @Test
    void sendsNoAuthorizationHeaderWithoutAToken() {
        try (RecordedFts3Server fts = RecordedFts3Server.http().answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of())) {
            tool.query(List.of(JOB));

            assertThat(fts.last().header("Authorization")).isNull();
        }
    }

    @Test
    void presentsTheClientCertificateFromSeparateCertificateAndKeyFiles() {
        try (RecordedFts3Server fts = RecordedFts3Server.https(certificates.serverContext()).answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of(
                        "certificate", certificates.clientCertificatePem.toString(),
                        "private-key", certificates.clientKeyPem.toString(),
                        "ca-certificates", certificates.caPem.toString()))) {
            assertThat(tool.query(List.of(JOB))).containsKey(JOB);

            assertThat(fts.last().clientSubject()).isEqualTo(TestCertificates.CLIENT_SUBJECT);
        }
    }

    @Test
    void presentsTheClientCertificateFromAProxyFileWithCertificateKeyAndChain() {
        try (RecordedFts3Server fts = RecordedFts3Server.https(certificates.serverContext()).answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of(
                        "proxy", certificates.clientProxyPem.toString(),
                        "ca-certificates", certificates.caPem.toString()))) {
            assertThat(tool.query(List.of(JOB))).containsKey(JOB);

            assertThat(fts.last().clientSubject()).isEqualTo(TestCertificates.CLIENT_SUBJECT);
        }
    }

    @Test
    void trustsEveryCertificateInACaDirectory(@TempDir Path caDirectory) throws IOException {
        Files.copy(certificates.caPem, caDirectory.resolve("1a2b3c4d.0"));
        Files.writeString(caDirectory.resolve("README"), "not a certificate");
        try (RecordedFts3Server fts = RecordedFts3Server.https(certificates.serverContext()).answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of(
                        "proxy", certificates.clientProxyPem.toString(),
                        "ca-certificates", caDirectory.toString()))) {
            assertThat(tool.query(List.of(JOB))).containsKey(JOB);
        }
    }

    @Test
    void withoutAClientCertificateTheServerRefusesAndNothingWasDone() {
        try (RecordedFts3Server fts = RecordedFts3Server.https(certificates.serverContext()).answer("GET", "/jobs/" + JOB, 200, "job-finished.json");
                TransferTool tool = tool(fts, Map.of("ca-certificates", certificates.caPem.toString()))) {
            // with TLS 1.3 the server may refuse only after the client sent its request: depending on timing the client sees
            // the server's alert or a closed connection, so only the refusal and the server's silence are certain
            assertThatThrownBy(() -> tool.query(List.of(JOB)))
                    .isInstanceOf(TransferToolException.class)
                    .hasMessageContaining(fts.url().toString());

            assertThat(fts.received()).isEmpty();
        }
    }

    @Test
    void aServerNotSignedByTheTrustedCasIsRefusedBeforeAnythingIsSent() {
        // without ca-certificates only the JDK's public CAs are trusted, and they did not sign the test server
        try (RecordedFts3Server fts = RecordedFts3Server.https(certificates.serverContext()).answer("POST", "/jobs", 200, "submit-accepted.json");
                TransferTool tool = tool(fts, Map.of("proxy", certificates.clientProxyPem.toString()))) {
            assertThatThrownBy(() -> tool.submit(oneFile()))
                    .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                    .hasMessageContaining("TLS handshake");
            assertThat(fts.received()).isEmpty();
        }
    }

    private static final String DELEGATION_ID = "0a1b2c3d4e5f6a7b";

    private static RecordedFts3Server delegatingServer(String currentDelegation) {
        return RecordedFts3Server.https(certificates.serverContext())
                .answerWith("GET", "/whoami", 200, "{\"dn\": [\"" + TestCertificates.CLIENT_SUBJECT + "\"], \"delegation_id\": \"" + DELEGATION_ID
                        + "\", \"method\": \"certificate\", \"vos\": [\"example\"]}")
                .answerWith("GET", "/delegation/" + DELEGATION_ID, 200, currentDelegation)
                .answerWith("GET", "/delegation/" + DELEGATION_ID + "/request", 200, certificates.delegationRequestPem)
                .answerWith("PUT", "/delegation/" + DELEGATION_ID + "/credential", 201, "")
                .answer("POST", "/jobs", 200, "submit-accepted.json");
    }

    private static TransferJob oneFile() {
        return new TransferJob(List.of(new TransferFile("r", List.of(new TransferEndpoint("A", "davs://a/f")), new TransferEndpoint("B", "davs://b/f"),
                1, null, null)), "", 3, false, true, false);
    }

    @Test
    void delegatesAProxySignedByTheClientCertificateBeforeTheFirstSubmissionOnly() throws Exception {
        try (RecordedFts3Server fts = delegatingServer("null");
                TransferTool tool = tool(fts, Map.of("proxy", certificates.clientProxyPem.toString(), "ca-certificates", certificates.caPem.toString(),
                        "delegation-lifetime", "PT6H"))) {
            tool.submit(oneFile());
            tool.submit(oneFile());

            assertThat(RecordedFts3Server.paths(fts.received())).containsExactly(
                    "GET /whoami",
                    "GET /delegation/" + DELEGATION_ID,
                    "GET /delegation/" + DELEGATION_ID + "/request",
                    "PUT /delegation/" + DELEGATION_ID + "/credential",
                    "POST /jobs",
                    "POST /jobs");
            RecordedFts3Server.Received put = fts.received().get(3);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(put.body().getBytes(StandardCharsets.US_ASCII)))) {
                chain.add((X509Certificate) certificate);
            }
            X509Certificate client = PemFiles.certificates(certificates.clientCertificatePem).get(0);
            X509Certificate proxy = chain.get(0);
            assertThat(chain.get(1)).as("the signer follows the proxy").isEqualTo(client);
            proxy.verify(client.getPublicKey());
            assertThat(proxy.getPublicKey()).as("the key FTS3 asked a certificate for").isEqualTo(certificates.delegationRequestKey);
            assertThat(proxy.getIssuerX500Principal()).isEqualTo(client.getSubjectX500Principal());
            assertThat(proxy.getSubjectX500Principal().getName()).startsWith("CN=").endsWith("," + TestCertificates.CLIENT_SUBJECT);
            assertThat(proxy.getCriticalExtensionOIDs()).contains("1.3.6.1.5.5.7.1.14", "2.5.29.15");
            proxy.checkValidity();
            assertThat(proxy.getNotAfter().toInstant()).isBefore(Instant.now().plus(Duration.ofHours(6)).plusSeconds(60));
            assertThat(proxy.getNotAfter()).isBeforeOrEqualTo(client.getNotAfter());
        }
    }

    @Test
    void keepsTheProxyFtsAlreadyHoldsWhileItLastsLongEnough() {
        String termination = LocalDateTime.now(ZoneOffset.UTC).plusHours(20).withNano(0).toString();
        try (RecordedFts3Server fts = delegatingServer("{\"termination_time\": \"" + termination + "\", \"voms_attrs\": []}");
                TransferTool tool = tool(fts, Map.of("proxy", certificates.clientProxyPem.toString(), "ca-certificates", certificates.caPem.toString()))) {
            tool.submit(oneFile());
            tool.submit(oneFile());

            assertThat(RecordedFts3Server.paths(fts.received()))
                    .containsExactly("GET /whoami", "GET /delegation/" + DELEGATION_ID, "POST /jobs", "POST /jobs");
        }
    }

    @Test
    void delegatesNothingWhenTurnedOff() {
        try (RecordedFts3Server fts = delegatingServer("null");
                TransferTool tool = tool(fts, Map.of("proxy", certificates.clientProxyPem.toString(), "ca-certificates", certificates.caPem.toString(),
                        "delegation", "false"))) {
            tool.submit(oneFile());

            assertThat(RecordedFts3Server.paths(fts.received())).containsExactly("POST /jobs");
        }
    }

    @Test
    void aRefusedDelegationStopsTheSubmissionWithFtsReason() {
        try (RecordedFts3Server fts = delegatingServer("null")
                .answerWith("PUT", "/delegation/" + DELEGATION_ID + "/credential", 400,
                        "{\"status\": \"400 Bad Request\", \"message\": \"Could not process the proxy: Malformed proxy\"}");
                TransferTool tool = tool(fts, Map.of("proxy", certificates.clientProxyPem.toString(), "ca-certificates", certificates.caPem.toString()))) {
            assertThatThrownBy(() -> tool.submit(oneFile()))
                    .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                    .hasMessageContaining("Cannot delegate a proxy to FTS3")
                    .hasMessageContaining("Could not process the proxy: Malformed proxy");
            assertThat(RecordedFts3Server.paths(fts.received())).doesNotContain("POST /jobs");
        }
    }

    @Test
    void anEncryptedKeyIsRefusedWithTheFileNamed(@TempDir Path directory) throws IOException {
        Path key = Files.writeString(directory.resolve("userkey.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> new Fts3TransferToolFactory().create(Map.of("url", "https://fts.example.org:8446",
                "certificate", certificates.clientCertificatePem.toString(), "private-key", key.toString())))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("encrypted");
    }
}
