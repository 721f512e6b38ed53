package org.laguna.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.laguna.server.tls.TestPki.Credential;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which client chains the HTTPS listener trusts, and the DN forms read from them. */
class ClientCertificateTrustTest {
    @TempDir
    static Path dir;

    private static Credential ca;
    private static Credential user;
    private static ClientCertificateTrust trust;

    @BeforeAll
    static void setUp() {
        ca = TestPki.ca(TestPki.name("DC=org", "DC=laguna", "CN=Laguna Test CA"));
        user = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"));
        TestPki.writePem(dir.resolve("certificates/1a2b3c4d.0"), ca.certificate());
        TestPki.writePem(dir.resolve("certificates/1a2b3c4d.signing_policy"), ca.certificate());
        trust = ClientCertificateTrust.fromDirectory(dir.resolve("certificates"));
    }

    private static X509Certificate[] chain(Credential credential) {
        return credential.chain().toArray(X509Certificate[]::new);
    }

    @Test
    void aUserCertificateOfADirectoryCaIsTrusted() throws CertificateException {
        trust.verify(chain(user));
        trust.verify(new X509Certificate[] {user.certificate(), ca.certificate()});
        assertThat(trust.getAcceptedIssuers()).containsExactly(ca.certificate());
    }

    @Test
    void aCertificateOfAnotherCaIsRefusedAsUntrusted() {
        Credential other = TestPki.ca(TestPki.name("DC=org", "DC=elsewhere", "CN=Other CA"));
        Credential impostor = TestPki.user(other, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"));

        assertThatThrownBy(() -> trust.verify(chain(impostor))).isInstanceOf(CertificateException.class)
                .hasMessageContaining("not issued by a trusted CA");
    }

    @Test
    void anExpiredCertificateIsRefusedAsExpired() {
        Credential expired = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "CN=Old"), Instant.now().minus(Duration.ofDays(9)),
                Instant.now().minus(Duration.ofDays(1)));

        assertThatThrownBy(() -> trust.verify(chain(expired))).isInstanceOf(CertificateException.class).hasMessageContaining("expired");
    }

    @Test
    void proxyCertificatesIssuedByTheUserAreTrustedAndLeadToTheUser() throws CertificateException {
        X509Certificate[] proxies = chain(TestPki.proxy(TestPki.proxy(user)));

        trust.verify(proxies);

        assertThat(X509Subjects.isProxy(proxies[0])).isTrue();
        assertThat(X509Subjects.endEntityIndex(proxies)).isEqualTo(2);
        assertThat(X509Subjects.identityForms(proxies[2].getSubjectX500Principal())).first()
                .isEqualTo("/DC=org/DC=laguna/O=Laguna/CN=Alice Doe");
    }

    @Test
    void aProxyNotSignedByTheUserItNamesIsRefused() {
        Credential mallory = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"));
        X509Certificate proxyOfMallory = TestPki.proxy(mallory).certificate();

        // Mallory's proxy presented in front of Alice's certificate (same DN, other key)
        assertThatThrownBy(() -> trust.verify(new X509Certificate[] {proxyOfMallory, user.certificate()}))
                .isInstanceOf(CertificateException.class).hasMessageContaining("not signed by its issuer");
    }

    @Test
    void aChainOfProxiesOnlyIsRefused() {
        X509Certificate proxy = TestPki.proxy(user).certificate();

        assertThatThrownBy(() -> trust.verify(new X509Certificate[] {proxy})).isInstanceOf(CertificateException.class);
    }

    @Test
    void theDnFormsAreRucioSlashFormThenRfc2253() {
        List<String> forms = X509Subjects.identityForms(user.certificate().getSubjectX500Principal());

        assertThat(forms).startsWith("/DC=org/DC=laguna/O=Laguna/CN=Alice Doe", "CN=Alice Doe,O=Laguna,DC=laguna,DC=org")
                .contains("CN=Alice Doe, O=Laguna, DC=laguna, DC=org");
    }

    @Test
    void anEmptyCaDirectoryIsAConfigurationError() {
        assertThatThrownBy(() -> ClientCertificateTrust.fromDirectory(dir.resolve("nothing"))).isInstanceOf(LagunaException.class)
                .hasMessageContaining("server.tls.ca-directory");
    }
}
