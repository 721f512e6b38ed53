package org.laguna.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code laguna} command line. */
@Command(name = "laguna", mixinStandardHelpOptions = true, description = "Laguna data management")
public final class LagunaCli {
    public static CommandLine commandLine() {
        return new CommandLine(new LagunaCli());
    }
}
