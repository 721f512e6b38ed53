package org.laguna.cli;

import java.util.ArrayList;
import java.util.List;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code laguna audit ls}: the audit log (administrators see every entry, other accounts their own). */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit log: who changed what, how, and who was denied.",
        subcommands = {AuditCommands.Ls.class})
final class AuditCommands {
    private AuditCommands() {
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List audit log entries, newest first.", "Administrators see every entry, other accounts their own actions."})
    static final class Ls extends ClientCommand {
        static final String[] COLUMNS = {"time", "account", "auth_method", "client_address", "action", "target", "outcome", "request_id"};

        @Option(names = "--since", paramLabel = "WHEN", description = "From this instant or date on (2026-12-04T10:00:00Z or 2026-12-04, UTC).")
        String since;

        @Option(names = "--until", paramLabel = "WHEN", description = "Before this instant or date.")
        String until;

        @Option(names = "--actor", paramLabel = "ACCOUNT", description = "Only what this account (or daemon) did.")
        String actor;

        @Option(names = "--action", paramLabel = "ACTION", description = "Only this action (add_did, del_rule, DELETE, ...).")
        String action;

        @Option(names = "--target", paramLabel = "TEXT", description = "Only entries whose target contains this text.")
        String target;

        @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only SUCCESS, DENIED or FAILED.")
        String outcome;

        @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default 1000).")
        Integer limit;

        @Override
        protected void run(LagunaClient client, Output out) {
            List<String> query = new ArrayList<>();
            add(query, "since", since);
            add(query, "until", until);
            add(query, "account", actor);
            add(query, "action", action);
            add(query, "target", target);
            add(query, "outcome", outcome);
            add(query, "limit", limit == null ? null : limit.toString());
            out.table(client.stream("GET", "/audit" + (query.isEmpty() ? "" : "?" + String.join("&", query)), null), COLUMNS);
        }

        private static void add(List<String> query, String key, String value) {
            if (value != null) {
                query.add(LagunaClient.query(key, value));
            }
        }
    }
}
