package org.laguna.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code laguna demo} as a user runs it, in a process of its own: the terminal shows the steps
 * and no log lines, the log goes to a file in the demo's home, and the home is removed at the
 * end unless {@code --keep}.
 */
class DemoCommandTest {
    /** A log line of slf4j-simple or of java.util.logging's console handler. */
    private static final Pattern LOG_LINE = Pattern.compile("(?m)^(\\d{4}-\\d\\d-\\d\\dT\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) |(INFO|WARNING|SEVERE|FINE): |"
            + "[A-Z][a-z]{2} \\d\\d, \\d{4} .*(AM|PM) )");

    @TempDir
    Path temp;

    private record Run(int exit, String out, String err) {
    }

    private Run demo(String... arguments) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = Stream.concat(Stream.of(java, "-Djava.io.tmpdir=" + temp, "-cp", classPath(), Main.class.getName(), "demo"),
                Stream.of(arguments)).toList();
        Path out = temp.resolve("demo.out");
        Path err = temp.resolve("demo.err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the demo did not end within 5 minutes: " + Files.readString(out));
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String classPath() {
        String fromSurefire = System.getProperty("surefire.test.class.path");
        return fromSurefire != null && !fromSurefire.isBlank() ? fromSurefire : System.getProperty("java.class.path");
    }

    private List<Path> demoHomes() throws IOException {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("laguna-demo-")).toList();
        }
    }

    @Test
    void theTerminalShowsOnlyTheStepsAndTheHomeIsRemovedAtTheEnd() throws Exception {
        Run run = demo();

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("[1] Starting Laguna").contains("Demo finished.").contains("Removed the demo's home ")
                .containsPattern("Web interface: http://[^ /]+:\\d+/ui/ ");
        assertThat(LOG_LINE.matcher(run.out()).find()).as("log lines on stdout:\n" + run.out()).isFalse();
        assertThat(LOG_LINE.matcher(run.err()).find()).as("log lines on stderr:\n" + run.err()).isFalse();
        assertThat(demoHomes()).as("the demo's home in the temp directory").isEmpty();
    }

    @Test
    void withKeepTheHomeStaysAndHoldsTheLog() throws Exception {
        Run run = demo("--keep");

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(demoHomes()).hasSize(1);
        Path home = demoHomes().getFirst();
        Path log = home.resolve("laguna.log");
        assertThat(run.out()).contains("The demo's home is kept in " + home).contains("the server's log is " + log);
        assertThat(LOG_LINE.matcher(run.out() + run.err()).find()).as(run.out() + run.err()).isFalse();
        assertThat(Files.readString(log)).contains(" INFO org.laguna.core.daemon.DaemonLoop - Daemon ")
                .contains("org.laguna.core.audit.Auditor - auditor: ");
        assertThat(new File(home.toFile(), "db")).isDirectory();
    }
}
