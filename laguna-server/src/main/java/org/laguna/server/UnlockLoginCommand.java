package org.laguna.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.laguna.core.LagunaCore;
import org.laguna.core.config.LagunaConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code laguna admin unlock-login}: lifts the lock-out of failed logins, for every API process at once. */
@Command(name = "unlock-login", mixinStandardHelpOptions = true,
        description = "Forget the failed logins of a username, of a client address, or (with --all) of everyone, "
                + "so that a locked-out username or address may log in again at once.")
public final class UnlockLoginCommand implements Callable<Integer> {
    @Option(names = "--username", description = "The username to unlock.")
    String username;

    @Option(names = "--address", description = "The client address to unlock.")
    String address;

    @Option(names = "--all", description = "Unlock every username and address.")
    boolean all;

    @Option(names = "--home", description = "Laguna home (configuration). Default: $LAGUNA_HOME or ~/.laguna.")
    Path home;

    @Option(names = "--database-url", description = "JDBC URL of the shared PostgreSQL (overrides database.url).")
    String databaseUrl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (all == (username != null || address != null)) {
            err.println("laguna: admin unlock-login needs --username and/or --address, or --all");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        LagunaConfig config = LagunaConfig.load(home != null ? home : LagunaConfig.defaultHome(System.getenv()), System.getenv());
        if (databaseUrl != null) {
            config = config.withDatabase(databaseUrl, config.databaseUser().orElse(null), config.databasePassword().orElse(null));
        }
        if (config.databaseUrl().isEmpty()) {
            err.println("laguna: admin unlock-login needs the PostgreSQL of the API servers: set database.url or --database-url");
            err.flush();
            return CommandLine.ExitCode.USAGE;
        }
        try (LagunaCore core = LagunaCore.start(config)) {
            int removed = core.auth().unlockLogins(Optional.ofNullable(username), Optional.ofNullable(address));
            PrintWriter out = spec.commandLine().getOut();
            out.println("Forgot the failed logins of " + removed + " username" + (removed == 1 ? "" : "s") + " or address"
                    + (removed == 1 ? "" : "es") + ".");
            out.flush();
            return 0;
        }
    }
}
