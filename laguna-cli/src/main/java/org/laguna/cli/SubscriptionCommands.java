package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code laguna subscription ...}: rules that every new matching dataset or container gets. */
@Command(name = "subscription", mixinStandardHelpOptions = true, description = "Add, list, show and change subscriptions.",
        subcommands = {SubscriptionCommands.Add.class, SubscriptionCommands.ListSubscriptions.class, SubscriptionCommands.Show.class,
                SubscriptionCommands.Update.class})
final class SubscriptionCommands {
    private static final String[] COLUMNS = {"id", "account", "name", "state", "policyid", "last_processed", "expired_at", "comments"};

    private SubscriptionCommands() {
    }

    private static String account(LagunaClient client, String given) {
        return given != null ? given : client.whoami().path("account").asText();
    }

    /** Options shared by add and update. */
    abstract static class Writing extends ClientCommand {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--owner", description = "The account owning the subscription (default: yours).")
        String owner;

        @Option(names = "--comment", description = "A comment shown with the subscription.")
        String comment;

        @Option(names = "--lifetime", description = "Days until the subscription stops.")
        Long lifetimeDays;

        @Option(names = "--priority", description = "Policy priority (policyid), default 3.")
        Integer priority;

        Map<String, Object> common(String filter, String rules) {
            Map<String, Object> options = new LinkedHashMap<>();
            if (filter != null) {
                options.put("filter", CliJson.objectOrList(spec, "--filter", filter));
            }
            if (rules != null) {
                options.put("replication_rules", CliJson.objectOrList(spec, "--rules", rules));
            }
            if (comment != null) {
                options.put("comments", comment);
            }
            if (lifetimeDays != null) {
                options.put("lifetime", lifetimeDays);
            }
            if (priority != null) {
                options.put("priority", priority);
            }
            return options;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a subscription, e.g. subscription add raw "
            + "--filter '{\"scope\": [\"data\"], \"pattern\": \"raw\\\\..*\"}' --rules '[{\"copies\": 1, \"rse_expression\": \"tier=1\"}]'.")
    static final class Add extends Writing {
        @Option(names = "--filter", required = true, description = "JSON: scope, account, did_type, pattern, excluded_pattern, metadata keys.")
        String filter;

        @Option(names = "--rules", required = true, description = "JSON list of rules: copies, rse_expression, lifetime, activity, ...")
        String rules;

        @Option(names = "--dry-run", description = "Store the subscription INACTIVE: it makes no rules.")
        boolean dryRun;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> options = common(filter, rules);
            options.put("retroactive", false);
            options.put("dry_run", dryRun);
            String account = account(client, owner);
            client.subscriptions().add(account, name, options);
            try (var listed = client.subscriptions().list(account, name)) {
                String id = listed.findFirst().map(s -> s.path("id").asText()).orElse("");
                out.done(id, "added", "id", id, "account", account, "name", name);
            }
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a subscription's filter, rules, comment, lifetime, "
            + "priority or state.")
    static final class Update extends Writing {
        @Option(names = "--filter", description = "New filter (JSON).")
        String filter;

        @Option(names = "--rules", description = "New rules (JSON list).")
        String rules;

        @Option(names = "--state", description = "ACTIVE or INACTIVE (default: UPDATED).")
        String state;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> options = common(filter, rules);
            if (state != null) {
                options.put("state", state);
            }
            if (options.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "nothing to change: give --filter, --rules, --comment, --lifetime, "
                        + "--priority or --state");
            }
            String account = account(client, owner);
            client.subscriptions().update(account, name, options);
            out.done("Updated subscription " + name, "updated", "account", account, "name", name);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List subscriptions (of one account with --for, by --name).")
    static final class ListSubscriptions extends ClientCommand {
        @Option(names = "--for", description = "Only the subscriptions of this account.")
        String owner;

        @Option(names = "--name", description = "Only subscriptions of this name.")
        String name;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.subscriptions().list(owner, name), COLUMNS);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a subscription (ACCOUNT NAME, or --id) and its rules' states.")
    static final class Show extends ClientCommand {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "0..2", paramLabel = "ACCOUNT NAME")
        List<String> accountAndName;

        @Option(names = "--id", description = "The subscription's id.")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode subscription;
            if (id != null) {
                subscription = client.subscriptions().get(id);
            } else if (accountAndName != null && accountAndName.size() == 2) {
                try (var listed = client.subscriptions().list(accountAndName.get(0), accountAndName.get(1))) {
                    subscription = listed.findFirst().orElse(null);
                }
            } else {
                throw new ParameterException(spec.commandLine(), "give ACCOUNT NAME or --id ID");
            }
            out.object(subscription);
            if (!out.json() && subscription != null) {
                out.table(client.subscriptions().ruleStates(subscription.path("account").asText(), subscription.path("name").asText())
                        .map(row -> (JsonNode) CliJson.newObject().put("rule_state", row.path(2).asText())
                                .put("rules", row.path(3).asLong())), "rule_state", "rules");
            }
        }
    }
}
