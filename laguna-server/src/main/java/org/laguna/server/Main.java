package org.laguna.server;

import org.laguna.cli.LagunaCli;
import picocli.CommandLine;

/** The {@code laguna} executable: the client commands plus {@code server} and {@code demo}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        CommandLine commandLine = LagunaCli.commandLine();
        commandLine.addSubcommand("server", new ServerCommand());
        commandLine.addSubcommand("demo", new DemoCommand());
        System.exit(commandLine.execute(args));
    }
}
