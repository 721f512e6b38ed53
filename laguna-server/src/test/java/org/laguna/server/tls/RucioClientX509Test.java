package org.laguna.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.server.tls.TestPki.Credential;

/**
 * The unmodified Rucio 41 client, on Debian's python3, logs in on the HTTPS listener with
 * {@code auth_type = x509} and {@code x509_proxy} and runs whoami, upload, did list, download and
 * rule add. It needs a Rucio 41 source tree named by {@code -Dlaguna.rucio-tree} or
 * {@code LAGUNA_RUCIO_TREE} (scripts/rucio-client-x509.sh does the same from the shell), and is
 * skipped without one.
 */
class RucioClientX509Test {
    private static final String ALICE_DN = "/DC=org/DC=laguna/O=Laguna/CN=Alice Doe";
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    static Path dir;
    private static Path tree;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        tree = Optional.ofNullable(System.getProperty("laguna.rucio-tree")).or(() -> Optional.ofNullable(System.getenv("LAGUNA_RUCIO_TREE")))
                .map(Path::of).orElse(null);
        Assumptions.assumeTrue(tree != null && Files.exists(tree.resolve("bin/rucio")) && Files.isExecutable(PYTHON),
                "set -Dlaguna.rucio-tree or LAGUNA_RUCIO_TREE to a Rucio 41 source tree (and have /usr/bin/python3) to run the Rucio client");
        Credential ca = TestPki.ca(TestPki.name("DC=org", "DC=laguna", "CN=Laguna Test CA"));
        Credential host = TestPki.host(ca);
        Credential alice = TestPki.user(ca, TestPki.name("DC=org", "DC=laguna", "O=Laguna", "CN=Alice Doe"));
        Credential proxy = TestPki.proxy(alice);
        Path certificate = TestPki.writePem(dir.resolve("host/hostcert.pem"), host.certificate(), ca.certificate());
        Path key = TestPki.writePem(dir.resolve("host/hostkey.pem"), host.key());
        TestPki.writePem(dir.resolve("certificates/1a2b3c4d.0"), ca.certificate());
        TestPki.writePem(dir.resolve("ca.pem"), ca.certificate());
        TestPki.writePem(dir.resolve("usercert.pem"), alice.certificate());
        ownerOnly(TestPki.writePem(dir.resolve("userkey.pem"), alice.key()));
        ownerOnly(TestPki.writePem(dir.resolve("x509up"), proxy.certificate(), proxy.key(), alice.certificate()));
        server = TestServer.start(Map.of("server.https-port", "0", "server.tls.certificate", certificate.toString(),
                "server.tls.key", key.toString(), "server.tls.ca-directory", dir.resolve("certificates").toString()));
        Rest root = server.root();
        server.createUser("alice", "alice-pw");
        assertThat(root.post("/accounts/alice/identities", Map.of("identity", ALICE_DN, "authtype", "X509", "email", "alice@example.org"))
                .status()).isEqualTo(201);
        server.createScope("user.alice", "alice");
        for (String rse : List.of("X509_DISK", "X509_DISK2")) {
            Files.createDirectories(dir.resolve("rse/" + rse));
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
            assertThat(root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", dir.resolve("rse/" + rse) + "/", "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1), "lan", Map.of("read", 1, "write", 1, "delete", 1))))
                    .status()).isEqualTo(201);
            assertThat(root.post("/accounts/alice/limits/local/" + rse, Map.of("bytes", 1_000_000_000L)).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aUserCertificateLogsInAndWorksWithFiles() throws Exception {
        workWithFiles("x509", "auth_type = x509\nclient_cert = " + dir.resolve("usercert.pem") + "\nclient_key = " + dir.resolve("userkey.pem"));
    }

    @Test
    void aProxyCertificateLogsInAndWorksWithFiles() throws Exception {
        workWithFiles("proxy", "auth_type = x509_proxy\nclient_x509_proxy = " + dir.resolve("x509up"));
    }

    private void workWithFiles(String name, String authentication) throws Exception {
        Path config = Files.writeString(dir.resolve(name + ".cfg"), "[client]\nrucio_host = " + server.httpsUrl() + "\nauth_host = "
                + server.httpsUrl() + "\nca_cert = " + dir.resolve("ca.pem") + "\naccount = alice\nrequest_retries = 1\n"
                + "auth_token_file_path = " + dir.resolve("tokens-" + name + "/token") + "\n" + authentication + "\n");
        Path file = Files.writeString(dir.resolve(name + "-file.txt"), "bytes uploaded with " + name + "\n");
        String did = "user.alice:" + file.getFileName();

        String whoami = rucio(config, "whoami");
        rucio(config, "upload", "--rse", "X509_DISK", "--scope", "user.alice", file.toString());
        String listed = rucio(config, "did", "list", "user.alice:*", "--filter", "type=all");
        rucio(config, "download", "--dir", dir.resolve("downloads-" + name).toString(), did);
        rucio(config, "rule", "add", "--copies", "1", "--rses", "X509_DISK2", did);

        assertThat(whoami).contains("alice");
        assertThat(listed).contains(file.getFileName().toString());
        assertThat(Files.readString(dir.resolve("downloads-" + name + "/user.alice/" + file.getFileName()))).isEqualTo(Files.readString(file));
        assertThat(server.root().get("/dids/user.alice/" + file.getFileName() + "/rules").body()).contains("X509_DISK2").contains("\"alice\"");
        try (Stream<Path> tokens = Files.list(dir.resolve("tokens-" + name))) {
            assertThat(tokens).as("the token the client keeps").isNotEmpty();
        }
    }

    /** Runs the Rucio CLI; its output, or a failure with it. */
    private static String rucio(Path config, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), tree.resolve("bin/rucio").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("RUCIO_CONFIG", config.toString());
        builder.environment().put("PYTHONPATH", tree.resolve("lib").toString());
        builder.environment().remove("X509_CERT_DIR");
        builder.environment().remove("X509_USER_PROXY");
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        System.out.println("+ rucio " + String.join(" ", args) + "\n" + text);
        assertThat(process.exitValue()).as("rucio %s:\n%s", String.join(" ", args), text).isZero();
        return text;
    }
}
