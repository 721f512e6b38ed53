package org.laguna.server;

import org.laguna.cli.LagunaCli;
import picocli.CommandLine;

/** The {@code laguna} executable: the client commands plus {@code server}, {@code daemon} and {@code demo}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.exit(commandLine().execute(args));
    }

    /** Every command of the executable. */
    public static CommandLine commandLine() {
        CommandLine commandLine = LagunaCli.commandLine();
        commandLine.addSubcommand("server", new ServerCommand());
        commandLine.addSubcommand("daemon", new DaemonCommand());
        commandLine.addSubcommand("demo", new DemoCommand());
        commandLine.addSubcommand("admin", new AdminCommand());
        return commandLine;
    }
}
