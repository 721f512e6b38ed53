package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code laguna policy check}: what the server's permission policy decides (administrators). */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Ask the server's permission policy (administrators).",
        subcommands = {PolicyCommands.Check.class})
final class PolicyCommands {
    private PolicyCommands() {
    }

    /**
     * Here {@code --account} names the account asked about, so the connection's own options are
     * declared again without it: the command acts as the account of the environment or the config file.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Say whether an account may perform an action, and which statement of the policy decides.",
                    "The command itself acts as the account of LAGUNA_ACCOUNT or <home>/config (an administrator)."})
    static final class Check implements Callable<Integer> {
        @Option(names = "--account", required = true, paramLabel = "ACCOUNT", description = "The account asked about.")
        String account;

        @Option(names = "--url", description = "Server URL (env LAGUNA_URL).")
        String url;

        @Option(names = "--username", description = "Username (env LAGUNA_USERNAME).")
        String username;

        @Option(names = "--password", description = "Password (env LAGUNA_PASSWORD).")
        String password;

        @Option(names = "--vo", description = "VO (env LAGUNA_VO; default def).")
        String vo;

        @Option(names = "--home", description = "Laguna home holding config and server.url (env LAGUNA_HOME).")
        Path home;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Option(names = "--action", required = true, paramLabel = "ACTION", description = "An action name, such as add_did, add_rule, get_signed_url.")
        String action;

        @Option(names = "--scope", paramLabel = "SCOPE")
        String scope;

        @Option(names = "--rse", paramLabel = "RSE")
        String rse;

        @Option(names = "--did", paramLabel = "SCOPE:NAME")
        String did;

        @Option(names = "--arg", paramLabel = "KEY=VALUE",
                description = {"Another argument of the action (rse_expression, copies, operation, rule_account, ...); repeatable.",
                        "The action's account argument is ACCOUNT unless --arg account=... names another."})
        Map<String, String> arguments = new TreeMap<>();

        @Option(names = "--token-scope", paramLabel = "SCOPES", description = "The scopes the account's token would carry, space-separated.")
        String tokenScope;

        @Option(names = "--token-groups", paramLabel = "GROUPS", description = "The wlcg.groups the account's token would carry, space-separated.")
        String tokenGroups;

        @Override
        public Integer call() {
            Connection connection = new Connection();
            connection.url = url;
            connection.username = username;
            connection.password = password;
            connection.vo = vo;
            connection.home = home;
            try (LagunaClient client = new LagunaClient(connection.resolve(ClientCommand.environment))) {
                run(client, new Output(spec.commandLine().getOut(), json));
            }
            return 0;
        }

        private void run(LagunaClient client, Output out) {
            List<String> query = new ArrayList<>();
            query.add(LagunaClient.query("account", account));
            query.add(LagunaClient.query("action", action));
            add(query, "scope", scope);
            add(query, "rse", rse);
            add(query, "did", did);
            add(query, "token_scope", tokenScope);
            add(query, "token_groups", tokenGroups);
            arguments.forEach((key, value) -> add(query, key.equals("account") ? "argument_account" : key, value));
            JsonNode answer = client.get("/policy/explain?" + String.join("&", query));
            if (out.json()) {
                out.object(answer);
            } else {
                out.line(answer.path("decision").asText() + ": " + answer.path("explanation").asText());
            }
        }

        private static void add(List<String> query, String key, String value) {
            if (value != null) {
                query.add(LagunaClient.query(key, value));
            }
        }
    }
}
