package org.laguna.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Bootstrap;
import org.laguna.core.config.LagunaConfig;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code laguna admin reset-root-password}: gives root a new password, for an operator who can
 * read the Laguna home (its embedded database's password, or database.url) but lost root's.
 */
@Command(name = "reset-root-password", mixinStandardHelpOptions = true,
        description = "Give root a new password (LAGUNA_ROOT_PASSWORD, or a generated one saved in <home>/config) and end root's"
                + " sessions. Works on the database of the home directly, so it needs read access to the home; with the embedded"
                + " database the server must be stopped first.")
public final class ResetRootPasswordCommand implements Callable<Integer> {
    @Option(names = "--home", description = "Laguna home. Default: $LAGUNA_HOME or ~/.laguna.")
    Path home;

    @Option(names = "--database-url", description = "JDBC URL of an external PostgreSQL (overrides database.url).")
    String databaseUrl;

    @Option(names = "--super-root", description = "Give super_root (the account managing VOs on a server of several VOs) a new password"
            + " instead: LAGUNA_SUPER_ROOT_PASSWORD, or a generated one, printed.")
    boolean superRoot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        LagunaConfig config = LagunaConfig.load(home != null ? home : LagunaConfig.defaultHome(System.getenv()), System.getenv());
        if (databaseUrl != null) {
            config = config.withDatabase(databaseUrl, config.databaseUser().orElse(null), config.databasePassword().orElse(null));
        }
        PrintWriter out = spec.commandLine().getOut();
        try (LagunaCore core = LagunaCore.start(config)) {
            if (superRoot) {
                Optional<String> chosen = config.source().get("super-root.password");
                Bootstrap.RootCredentials credentials = core.rootBootstrap().resetSuperRoot(new Bootstrap.RootCredentials(Bootstrap.SUPER_ROOT,
                        Bootstrap.SUPER_ROOT, chosen.orElseGet(Bootstrap::generatePassword), chosen.isEmpty()), created -> { });
                out.println(credentials.generated()
                        ? "New password of account '" + credentials.account() + "': " + credentials.password()
                        : "Account '" + credentials.account() + "' now has the password of LAGUNA_SUPER_ROOT_PASSWORD.");
                out.println("(its tokens are revoked)");
                out.flush();
                return 0;
            }
            LocalClientConfig clientConfig = new LocalClientConfig(config.home());
            Optional<String> chosen = config.rootPassword();
            String username = config.rootUsername();
            Bootstrap.RootCredentials root = core.rootBootstrap().resetRoot(
                    new Bootstrap.RootCredentials(username, username, chosen.orElseGet(Bootstrap::generatePassword), chosen.isEmpty()),
                    credentials -> clientConfig.saveRoot(credentials));
            out.println(root.generated()
                    ? "New password of account '" + root.account() + "': " + root.password()
                    : "Account '" + root.account() + "' now has the password of LAGUNA_ROOT_PASSWORD.");
            out.println("(saved for the local command line in " + clientConfig.file() + "; root's tokens are revoked)");
            out.flush();
            return 0;
        } catch (LagunaException e) {
            spec.commandLine().getErr().println("laguna: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }
}
