package org.laguna.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.laguna.core.LagunaCore;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.usage.UsageAudit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code laguna admin ...}: operator commands that work on the database directly. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operator commands that work on the database directly.",
        subcommands = {AdminCommand.CheckUsage.class, ResetRootPasswordCommand.class, UnlockLoginCommand.class})
public final class AdminCommand {
    /** Exit code when counters differ and were not fixed. */
    public static final int EXIT_DIFFERENCES = 1;

    /** {@code laguna admin check-usage [--fix]}. */
    @Command(name = "check-usage", mixinStandardHelpOptions = true,
            description = "Recount RSE usage (source rucio) and account usage from replicas and locks, print the counters that differ; "
                    + "exit 1 if some differ (and --fix was not given).")
    public static final class CheckUsage implements Callable<Integer> {
        @Option(names = "--fix", description = "Set the differing counters to the recount, in one transaction.")
        boolean fix;

        @Option(names = "--home", description = "Laguna home (configuration). Default: $LAGUNA_HOME or ~/.laguna.")
        Path home;

        @Option(names = "--database-url", description = "JDBC URL of the shared PostgreSQL (overrides database.url).")
        String databaseUrl;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            LagunaConfig config = LagunaConfig.load(home != null ? home : LagunaConfig.defaultHome(System.getenv()), System.getenv());
            if (databaseUrl != null) {
                config = config.withDatabase(databaseUrl, config.databaseUser().orElse(null), config.databasePassword().orElse(null));
            }
            if (config.databaseUrl().isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("laguna: admin check-usage needs the PostgreSQL to check: set database.url or --database-url");
                err.flush();
                return CommandLine.ExitCode.USAGE;
            }
            try (LagunaCore core = LagunaCore.start(config)) {
                UsageAudit audit = new UsageAudit(core.database(), core.clock());
                List<UsageAudit.Difference> differences = fix ? audit.fix() : audit.differences();
                print(out, differences);
                if (differences.isEmpty()) {
                    out.println("Usage counters agree with the catalogue.");
                } else if (fix) {
                    out.println("Corrected " + differences.size() + " counter" + (differences.size() == 1 ? "" : "s") + ".");
                } else {
                    out.println(differences.size() + " counter" + (differences.size() == 1 ? " differs" : "s differ")
                            + " from the catalogue; run with --fix to correct.");
                }
                out.flush();
                return differences.isEmpty() || fix ? 0 : EXIT_DIFFERENCES;
            }
        }

        private static void print(PrintWriter out, List<UsageAudit.Difference> differences) {
            if (differences.isEmpty()) {
                return;
            }
            String format = "%-8s %-20s %-24s %16s %14s %16s %14s%n";
            out.printf(format, "USAGE", "ACCOUNT", "RSE", "RECORDED_BYTES", "RECORDED_FILES", "ACTUAL_BYTES", "ACTUAL_FILES");
            for (UsageAudit.Difference d : differences) {
                out.printf(format, d.account().isPresent() ? "account" : "rse", d.account().orElse("-"), d.rse(), d.recordedBytes(),
                        d.recordedFiles(), d.actualBytes(), d.actualFiles());
            }
        }
    }
}
