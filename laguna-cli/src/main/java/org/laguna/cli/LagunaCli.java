package org.laguna.cli;

import java.io.PrintWriter;
import java.util.List;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code laguna} command line. */
@Command(name = "laguna", mixinStandardHelpOptions = true, version = "Laguna 0.1.0",
        description = "Laguna: policy-driven data management for federated scientific data lakes.",
        subcommands = {BasicCommands.Ping.class, BasicCommands.Whoami.class, AccountCommands.class, ScopeCommands.class,
                DidCommands.class, RseCommands.class, ReplicaCommands.class, RuleCommands.class, SubscriptionCommands.class, TransferCommands.class, UploadCommand.class, DownloadCommand.class, ImportCommand.class,
                LoginCommand.class, ConfigCommands.class, AdministrationCommands.LifetimeExceptions.class,
                AdministrationCommands.ServerConfig.class, AdministrationCommands.MetaConvention.class, PolicyCommands.class, CompletionCommand.class,
                AuditCommands.class,
                RegisterCommand.class,
                EventCommands.class,
                WebhookCommands.class, VoCommands.class})
public final class LagunaCli {
    /** Exit code when the server gave an error. */
    public static final int EXIT_ERROR = 1;
    /** Exit code when the server cannot be reached. */
    public static final int EXIT_UNREACHABLE = 3;

    private LagunaCli() {
    }

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new LagunaCli());
        commandLine.setParameterExceptionHandler(LagunaCli::badArguments);
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
            cmd.getErr().println("laguna: " + inWords(exception));
            return EXIT_ERROR;
        });
        return commandLine;
    }

    /** A bad argument: the error and where to read more, not the whole usage. */
    private static int badArguments(CommandLine.ParameterException exception, String[] args) {
        CommandLine cmd = exception.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("laguna: " + exception.getMessage());
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> suggestions = unmatched.getSuggestions();
            if (!suggestions.isEmpty()) {
                err.println("Did you mean: " + String.join(", ", suggestions) + "?");
            }
        }
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** An unexpected failure described for a user: its message (and cause), not a Java class name. */
    static String inWords(Throwable exception) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = exception; t != null && text.length() < 300; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(message);
            }
        }
        return text.isEmpty() ? "failed without a message (" + exception.getClass().getSimpleName() + ")" : text.toString();
    }
}
