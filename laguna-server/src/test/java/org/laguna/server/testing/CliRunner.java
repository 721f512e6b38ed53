package org.laguna.server.testing;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.laguna.core.testing.TestCore;
import org.laguna.server.Main;
import picocli.CommandLine;

/** Runs {@code laguna} commands (client and server ones) in-process, as a user types them, and captures what they print. */
public final class CliRunner {
    private CliRunner() {
    }

    public record Run(int exit, String out, String err) {
    }

    /** Runs a command as root against the server (connection options appended). */
    public static Run asRoot(TestServer server, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--username", "root", "--password", TestCore.ROOT_PASSWORD));
        return run(all.toArray(String[]::new));
    }

    /** Runs a command as root against the server with {@code stdin} as its standard input. */
    public static Run asRootWithInput(TestServer server, String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--username", "root", "--password", TestCore.ROOT_PASSWORD));
        return runWithInput(stdin, all.toArray(String[]::new));
    }

    /** Runs a command line exactly as given, with {@code stdin} as its standard input. */
    public static Run runWithInput(String stdin, String... args) {
        synchronized (CliRunner.class) {
            InputStream original = System.in;
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            try {
                return run(args);
            } finally {
                System.setIn(original);
            }
        }
    }

    /** Runs a command line exactly as given. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
