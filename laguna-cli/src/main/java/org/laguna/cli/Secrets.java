package org.laguna.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Passwords for the command line, never taken as an argument (every user of the machine sees the
 * arguments of a process): read from standard input, or asked for on the terminal without echo.
 */
final class Secrets {
    private Secrets() {
    }

    /**
     * The secret from standard input if {@code fromStdin} or {@code option} is {@code -}, else from the terminal.
     * Any other value of {@code option} is refused, naming the ways to give it.
     */
    static String read(CommandLine commandLine, String option, boolean fromStdin, String prompt) {
        if (option != null && !option.equals("-")) {
            throw new ParameterException(commandLine, "--secret no longer takes the password itself (the process list shows it"
                    + " to every user): pipe it with --secret-stdin or --secret -, or leave both out to be asked for it");
        }
        String secret = fromStdin || option != null ? firstLineOfStdin() : prompted(commandLine, prompt);
        if (secret == null || secret.isEmpty()) {
            throw new ParameterException(commandLine, "The password is empty");
        }
        return secret;
    }

    private static String firstLineOfStdin() {
        try {
            // not closed: standard input belongs to the process
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the password from standard input", e);
        }
    }

    private static String prompted(CommandLine commandLine, String prompt) {
        Console console = System.console();
        if (console == null) {
            throw new ParameterException(commandLine, "No terminal to ask for the password on: pipe it with --secret-stdin");
        }
        char[] typed = console.readPassword("%s", prompt);
        return typed == null ? null : new String(typed);
    }
}
