package org.laguna.storage.webdav;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code scripts/test-servers.sh}, which {@code ./laguna test} runs before and after the suite, names the real servers it found. */
class TestServersReportTest {
    private static final Path SCRIPT = Path.of("../../scripts/test-servers.sh").toAbsolutePath().normalize();

    @TempDir
    Path work;

    private static String run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of("bash", SCRIPT.toString())));
        builder.command().addAll(List.of(arguments));
        builder.environment().remove("LAGUNA_TEST_DATABASE_URL");
        builder.environment().putAll(environment);
        Process process = builder.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    @Test
    void aMissingNginxIsNamedWithTheTestsItSkips() throws Exception {
        String output = run(Map.of("LAGUNA_TEST_NGINX", "/nonexistent/nginx"));
        assertThat(output).contains("nginx (WebDAV) : NOT FOUND (/nonexistent/nginx").contains("WebDAV tests are reported as skipped")
                .contains("PostgreSQL     : embedded").contains("s3proxy");
    }

    @Test
    void theDatabaseServerIsNamedWithoutItsCredentials() throws Exception {
        String output = run(Map.of("LAGUNA_TEST_DATABASE_URL", "jdbc:postgresql://db.example.org:5432/postgres?user=u&password=secret"));
        assertThat(output).contains("PostgreSQL     : the server at LAGUNA_TEST_DATABASE_URL (jdbc:postgresql://db.example.org:5432/postgres)")
                .doesNotContain("secret");
    }

    @Test
    void afterTheRunTheSkippedTestsAreCountedPerClass() throws Exception {
        Path reports = Files.createDirectories(work.resolve("module/target/surefire-reports"));
        Files.writeString(reports.resolve("TEST-org.example.ATest.xml"),
                "<?xml version=\"1.0\"?>\n<testsuite name=\"org.example.ATest\" time=\"1\" tests=\"5\" errors=\"0\" skipped=\"2\" failures=\"0\">\n</testsuite>");
        Files.writeString(reports.resolve("TEST-org.example.BTest.xml"),
                "<?xml version=\"1.0\"?>\n<testsuite name=\"org.example.BTest\" time=\"1\" tests=\"3\" errors=\"0\" skipped=\"0\" failures=\"0\">\n</testsuite>");
        String output = run(Map.of(), work.toString());
        assertThat(output).contains("tests run: 8, reported as skipped: 2 in ATest (2)");
    }
}
