package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code laguna rule ...}: replication rules. */
@Command(name = "rule", mixinStandardHelpOptions = true, description = "Add, list, show, change and remove replication rules.",
        subcommands = {RuleCommands.Add.class, RuleCommands.ListRules.class, RuleCommands.Show.class, RuleCommands.Locks.class,
                RuleCommands.Update.class, RuleCommands.Remove.class, RuleCommands.Reduce.class, RuleCommands.Move.class,
                RuleCommands.Approve.class, RuleCommands.Retry.class, RuleCommands.Watch.class})
final class RuleCommands {
    private static final String[] COLUMNS = {"id", "account", "did", "state", "locks", "rse_expression", "copies", "grouping", "expires_at"};

    /** A rule as a table row: the DID and the lock counters folded into one column each. */
    static JsonNode row(JsonNode rule) {
        ObjectNode row = rule.deepCopy();
        row.put("did", rule.path("scope").asText() + ":" + rule.path("name").asText());
        row.put("locks", rule.path("locks_ok_cnt").asLong() + "/" + rule.path("locks_replicating_cnt").asLong() + "/"
                + rule.path("locks_stuck_cnt").asLong());
        return row;
    }

    static Stream<JsonNode> rows(Stream<JsonNode> rules) {
        return rules.map(RuleCommands::row);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Keep COPIES copies of DIDs on RSEs of an expression, e.g. rule add --copies 2 --rses 'tier=1' s:d.")
    static final class Add extends ClientCommand {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> dids;

        @Option(names = "--copies", required = true, description = "Number of copies, each on a different RSE.")
        int copies;

        @Option(names = {"--rses", "--rse-expression"}, required = true, description = "RSE expression the copies go to.")
        String expression;

        @Option(names = "--lifetime", description = "Seconds until the rule expires (default: never).")
        Long lifetime;

        @Option(names = "--grouping", description = "ALL, DATASET (default) or NONE.")
        String grouping;

        @Option(names = "--weight", description = "RSE attribute whose values weight the choice of RSEs.")
        String weight;

        @Option(names = "--activity", description = "Transfer activity.")
        String activity;

        @Option(names = "--source-replica-expression", description = "Only copy from RSEs of this expression.")
        String sourceExpression;

        @Option(names = "--comment")
        String comment;

        @Option(names = "--owner", description = "Account owning the rule (default: yours).")
        String ruleAccount;

        @Option(names = "--locked", description = "Protect the rule from deletion.")
        boolean locked;

        @Option(names = "--asynchronous", description = "Create the locks in the background.")
        boolean asynchronous;

        @Option(names = "--ask-approval", description = "Wait for an approver before acting.")
        boolean askApproval;

        @Option(names = "--priority", description = "Transfer priority 0..5 (default 3).")
        Integer priority;

        @Option(names = "--wait", description = "Follow the new rule(s) as `rule watch` does, until OK (exit 0) or STUCK (exit 4).")
        boolean waitForIt;

        @picocli.CommandLine.Mixin
        Following following;

        @Override
        protected void run(LagunaClient client, Output out) {
            if (copies < 1) {
                throw new ParameterException(spec.commandLine(), "--copies must be at least 1");
            }
            List<Map<String, String>> list = new ArrayList<>();
            for (String did : dids) {
                list.add(Dids.parse(spec, did).asMap());
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("dids", list);
            body.put("copies", copies);
            body.put("rse_expression", expression);
            putIfSet(body, "lifetime", lifetime);
            putIfSet(body, "grouping", grouping);
            putIfSet(body, "weight", weight);
            putIfSet(body, "activity", activity);
            putIfSet(body, "source_replica_expression", sourceExpression);
            putIfSet(body, "comment", comment);
            putIfSet(body, "account", ruleAccount);
            putIfSet(body, "priority", priority);
            body.put("locked", locked);
            body.put("asynchronous", asynchronous);
            body.put("ask_approval", askApproval);
            List<String> ids = client.rules().add(body);
            ids(out, "added", ids);
            if (waitForIt) {
                exitCode = following.follower(client, out, spec).follow(ids);
            }
        }
    }

    /** New rule ids: one per line for people, {"result": ..., "rule_ids": [...]} for scripts. */
    private static void ids(Output out, String result, List<String> ids) {
        if (out.json()) {
            out.done("", result, "rule_ids", ids);
        } else {
            ids.forEach(out::line);
        }
    }

    /** How a rule is followed: poll interval and how long at most. */
    static final class Following {
        @Option(names = "--interval", defaultValue = "2", paramLabel = "SECONDS", description = "Seconds between looks at the rule (default ${DEFAULT-VALUE}).")
        double interval;

        @Option(names = "--timeout", paramLabel = "SECONDS", description = "Give up following after this many seconds (exit 5); the rule goes on.")
        Double timeout;

        RuleFollower follower(LagunaClient client, Output out, CommandSpec spec) {
            if (interval <= 0 || (timeout != null && timeout < 0)) {
                throw new ParameterException(spec.commandLine(), "--interval must be above 0 and --timeout at least 0");
            }
            return new RuleFollower(client, out, spec.commandLine().getErr(), seconds(interval), timeout == null ? null : seconds(timeout));
        }

        private static Duration seconds(double value) {
            return Duration.ofMillis(Math.round(value * 1000));
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = {"Follow a rule: a line each time its state or lock counts (OK/REPLICATING/STUCK) change, until it is OK or settles STUCK.",
                "Exit 0 when OK; 4 when STUCK with nothing left replicating, or SUSPENDED; 5 when --timeout runs out."})
    static final class Watch extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @picocli.CommandLine.Mixin
        Following following;

        @Override
        protected void run(LagunaClient client, Output out) {
            exitCode = following.follower(client, out, spec).follow(List.of(id));
        }
    }

    private static void putIfSet(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List rules: of a DID, of an account, or by filters.")
    static final class ListRules extends ClientCommand {
        @Spec
        CommandSpec spec;

        @Option(names = "--did", description = "Rules on this DID.")
        String did;

        @Option(names = "--for", description = "Rules of this account.")
        String owner;

        @Option(names = "--state", description = "Only rules in this state (OK, REPLICATING, STUCK, ...).")
        String state;

        @Option(names = "--rses", description = "Only rules with exactly this RSE expression.")
        String expression;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, String> filters = new LinkedHashMap<>();
            if (did != null) {
                Dids.Did parsed = Dids.parse(spec, did);
                filters.put("scope", parsed.scope());
                filters.put("name", parsed.name());
            }
            if (owner != null) {
                filters.put("account", owner);
            }
            if (state != null) {
                filters.put("state", state);
            }
            if (expression != null) {
                filters.put("rse_expression", expression);
            }
            Stream<JsonNode> rules = client.rules().list(filters);
            if (out.json()) {
                out.table(rules);
            } else {
                out.table(rows(rules), COLUMNS);
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a rule; --analysis explains what it waits for.")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Option(names = "--analysis", description = "Per lock not OK: what it waits for (queued for which attempt and until when, "
                + "submitted to which tool or engine since when, stuck until when), the last error and the sources.")
        boolean analysis;

        @Override
        protected void run(LagunaClient client, Output out) {
            if (!analysis) {
                out.object(client.rules().get(id));
                return;
            }
            JsonNode answer = client.rules().analysis(id);
            if (out.json() || !answer.isObject()) {
                out.object(answer);
                return;
            }
            ObjectNode summary = answer.deepCopy();
            JsonNode transfers = summary.remove("transfers");
            out.object(summary);
            int locks = transfers == null ? 0 : transfers.size();
            out.line("locks not OK: " + locks + (locks >= 1000 ? " (the first 1000)" : ""));
            for (JsonNode lock : transfers == null ? List.<JsonNode>of() : (Iterable<JsonNode>) transfers::elements) {
                String reason = lock.path("waiting_for").path("reason").asText(lock.path("request_state").asText("no transfer request"));
                out.line("  " + lock.path("scope").asText() + ":" + lock.path("name").asText() + " on " + lock.path("rse").asText()
                        + " (" + lock.path("lock_state").asText() + "): " + reason);
            }
        }
    }

    @Command(name = "locks", mixinStandardHelpOptions = true, description = "List the file locks of a rule.")
    static final class Locks extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.rules().locks(id), "scope", "name", "rse", "state", "bytes");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a rule's lifetime, lock, comment, activity, priority, owner or state.")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Option(names = "--lifetime", description = "Seconds from now until the rule expires; 'none' for never.")
        String lifetime;

        @Option(names = "--locked", arity = "1", description = "true or false.")
        Boolean locked;

        @Option(names = "--comment")
        String comment;

        @Option(names = "--activity")
        String activity;

        @Option(names = "--priority")
        Integer priority;

        @Option(names = "--owner", description = "New owner of the rule.")
        String newAccount;

        @Option(names = "--suspend", description = "Suspend the rule.")
        boolean suspend;

        @Option(names = "--resume", description = "Resume a suspended or stuck rule.")
        boolean resume;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> options = new LinkedHashMap<>();
            if (lifetime != null) {
                options.put("lifetime", lifetime.equalsIgnoreCase("none") ? null : Long.parseLong(lifetime));
            }
            putIfSet(options, "locked", locked);
            putIfSet(options, "comment", comment);
            putIfSet(options, "activity", activity);
            putIfSet(options, "priority", priority);
            putIfSet(options, "account", newAccount);
            if (suspend) {
                options.put("state", "SUSPENDED");
            }
            if (resume) {
                options.put("state", "REPLICATING");
            }
            if (options.isEmpty()) {
                throw new ParameterException(new picocli.CommandLine(this), "nothing to change: give at least one option");
            }
            client.rules().update(id, options);
            out.done("Updated rule " + id, "updated", "rule_id", id, "options", options);
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = {
            "Remove a rule: it expires within the hour and is removed then; replicas no other rule needs are released for deletion.",
            "Until then the rule stays listed, with its expiry."})
    static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Option(names = "--purge-replicas", description = "Delete the released replicas as soon as possible.")
        boolean purge;

        @Option(names = "--now", description = "Remove the rule at once instead of within the hour (administrators only).")
        boolean now;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.rules().delete(id, purge, now);
            if (now) {
                out.done("Removed rule " + id, "removed", "rule_id", id);
            } else {
                out.done("Rule " + id + " expires within the hour and is removed then", "expiring", "rule_id", id);
            }
        }
    }

    @Command(name = "reduce", mixinStandardHelpOptions = true, description = "Replace a rule by one with fewer copies, keeping existing ones.")
    static final class Reduce extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Option(names = "--copies", required = true)
        int copies;

        @Option(names = "--exclude", description = "RSE expression whose copies are not kept.")
        String exclude;

        @Override
        protected void run(LagunaClient client, Output out) {
            ids(out, "reduced", client.rules().reduce(id, copies, exclude));
        }
    }

    @Command(name = "move", mixinStandardHelpOptions = true, description = "Copy a rule to other RSEs; the old rule goes once the new one is OK.")
    static final class Move extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Option(names = "--rses", required = true, description = "RSE expression of the new rule.")
        String expression;

        @Override
        protected void run(LagunaClient client, Output out) {
            ids(out, "moved", client.rules().move(id, expression));
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve (or --deny) a rule waiting for approval.")
    static final class Approve extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Option(names = "--deny", description = "Deny it instead: the rule is removed.")
        boolean deny;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.rules().update(id, Map.of("approve", !deny));
            out.done((deny ? "Denied rule " : "Approved rule ") + id, deny ? "denied" : "approved", "rule_id", id);
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retry the stuck locks of a rule now, with all their attempts (administrators; Rucio's boost_rule).")
    static final class Retry extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RULE_ID")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.rules().update(id, Map.of("boost_rule", true));
            out.done("Retrying the stuck locks of rule " + id, "retrying", "rule_id", id);
        }
    }
}
