package org.laguna.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Base64;
import java.util.Map;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTPS settings and the PEM files they name. */
class TlsConfigTest {
    @TempDir
    Path home;

    private TlsConfig load(String properties) throws IOException {
        Files.writeString(home.resolve("laguna.properties"), properties);
        return TlsConfig.from(ConfigSource.load(home, Map.of()), home);
    }

    @Test
    void withoutAnHttpsPortThereIsNoHttpsListener() throws IOException {
        assertThat(load("server.port=8080\n").enabled()).isFalse();
    }

    @Test
    void relativePathsAreReadAgainstTheHome() throws IOException {
        TlsConfig config = load("server.https-port=8443\nserver.tls.certificate=host/cert.pem\nserver.tls.key=host/key.pem\n"
                + "server.tls.ca-directory=/etc/grid-security/certificates\n");

        assertThat(config.certificate()).hasValue(home.resolve("host/cert.pem"));
        assertThat(config.caDirectory()).hasValue(Path.of("/etc/grid-security/certificates"));
    }

    @Test
    void anHttpsPortNeedsACertificateAndKeyOrAKeystoreButNotBoth() {
        assertThatThrownBy(() -> load("server.https-port=8443\n")).isInstanceOf(LagunaException.class)
                .hasMessageContaining("server.tls.certificate");
        assertThatThrownBy(() -> load("server.https-port=8443\nserver.tls.certificate=c.pem\n")).isInstanceOf(LagunaException.class)
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> load("server.https-port=8443\nserver.tls.certificate=c.pem\nserver.tls.key=k.pem\nserver.tls.keystore=s.p12\n"))
                .isInstanceOf(LagunaException.class);
        assertThatThrownBy(() -> load("server.https-port=https\nserver.tls.keystore=s.p12\n")).isInstanceOf(LagunaException.class)
                .hasMessageContaining("server.https-port");
    }

    @Test
    void pemKeysAreReadInPkcs8AndPkcs1Form() throws IOException {
        KeyPair keys = TestPki.keyPair();
        Path pkcs8 = Files.writeString(home.resolve("pkcs8.pem"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        Path pkcs1 = TestPki.writePem(home.resolve("pkcs1.pem"), keys.getPrivate());

        assertThat(Files.readString(pkcs1)).contains("BEGIN RSA PRIVATE KEY");
        assertThat(Pem.privateKey(pkcs8).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(Pem.privateKey(pkcs1).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
    }

    @Test
    void aFileWithoutAKeyIsAConfigurationError() throws IOException {
        Path empty = Files.writeString(home.resolve("empty.pem"), "nothing here\n");

        assertThatThrownBy(() -> Pem.privateKey(empty)).isInstanceOf(LagunaException.class).hasMessageContaining("holds no private key");
    }
}
