package org.laguna.cli;

import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code laguna} command line. */
@Command(name = "laguna", mixinStandardHelpOptions = true, version = "Laguna 0.1.0",
        description = "Laguna: policy-driven data management for federated scientific data lakes.",
        subcommands = {BasicCommands.Ping.class, BasicCommands.Whoami.class, AccountCommands.class, ScopeCommands.class,
                DidCommands.class, RseCommands.class, ReplicaCommands.class, RuleCommands.class, SubscriptionCommands.class, TransferCommands.class, UploadCommand.class, DownloadCommand.class, ImportCommand.class})
public final class LagunaCli {
    /** Exit code when the server gave an error. */
    public static final int EXIT_ERROR = 1;
    /** Exit code when the server cannot be reached. */
    public static final int EXIT_UNREACHABLE = 3;

    private LagunaCli() {
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LagunaCli());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            if (exception instanceof LagunaException laguna) {
                cmd.getErr().println("laguna: " + laguna.getMessage() + " (" + laguna.code().rucioClass() + ")");
                cmd.getErr().flush();
                return laguna.code() == ErrorCode.SERVICE_UNAVAILABLE ? EXIT_UNREACHABLE : EXIT_ERROR;
            }
            if (exception instanceof NumberFormatException number) {
                cmd.getErr().println("laguna: not a number: " + number.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            cmd.getErr().println("laguna: unexpected error: " + exception);
            return EXIT_ERROR;
        });
        return commandLine;
    }
}
