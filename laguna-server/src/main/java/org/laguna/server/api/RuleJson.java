package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.common.Ids;
import org.laguna.core.db.JsonValues;
import org.laguna.core.rule.Grouping;
import org.laguna.core.rule.LockWait;
import org.laguna.core.rule.MoveOverride;
import org.laguna.core.rule.Rule;
import org.laguna.core.rule.RuleAnalysis;
import org.laguna.core.rule.RuleChange;
import org.laguna.core.rule.RuleHistoryEntry;
import org.laguna.core.rule.RuleService;
import org.laguna.core.rule.RuleState;
import org.laguna.core.rule.RuleUpdate;
import org.laguna.server.http.Http;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rules, locks, history and analyses as Rucio's JSON, and Rucio's update and move options as the core's changes. */
final class RuleJson {
    private static final Set<String> UPDATE_OPTIONS = Set.of("lifetime", "locked", "comment", "account", "state", "activity",
            "source_replica_expression", "priority", "child_rule_id", "meta", "eol_at", "purge_replicas", "boost_rule",
            "cancel_requests", "approve");
    private static final Set<String> MOVE_OVERRIDES = Set.of("activity", "comment", "priority", "source_replica_expression", "grouping",
            "weight");

    private RuleJson() {
    }

    /** A rule as Rucio renders it. */
    static Map<String, Object> rule(Rule rule) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", hex(rule.id()));
        out.put("subscription_id", hex(rule.subscriptionId()));
        out.put("account", rule.account());
        out.put("scope", rule.scope());
        out.put("name", rule.name());
        out.put("did_type", rule.didType().name());
        out.put("state", rule.state().name());
        out.put("error", rule.error());
        out.put("rse_expression", rule.rseExpression());
        out.put("copies", rule.copies());
        out.put("expires_at", date(rule.expiresAt()));
        out.put("weight", rule.weight());
        out.put("locked", rule.locked());
        out.put("locks_ok_cnt", rule.locksOk());
        out.put("locks_replicating_cnt", rule.locksReplicating());
        out.put("locks_stuck_cnt", rule.locksStuck());
        out.put("source_replica_expression", rule.sourceReplicaExpression());
        out.put("activity", rule.activity());
        out.put("grouping", rule.grouping().name());
        out.put("notification", rule.notification().name());
        out.put("stuck_at", date(rule.stuckAt()));
        out.put("purge_replicas", rule.purgeReplicas());
        out.put("ignore_availability", rule.ignoreAvailability());
        out.put("ignore_account_limit", rule.ignoreAccountLimit());
        out.put("priority", rule.priority());
        out.put("comments", rule.comments());
        out.put("child_rule_id", hex(rule.childRuleId()));
        out.put("eol_at", date(rule.eolAt()));
        out.put("split_container", rule.splitContainer());
        out.put("meta", rule.metaJson());
        out.put("created_at", date(rule.createdAt()));
        out.put("updated_at", date(rule.updatedAt()));
        out.put("bytes", rule.didBytes());
        return out;
    }

    static Map<String, Object> lock(RuleService.LockView lock) {
        return Http.ordered("scope", lock.scope(), "name", lock.name(), "rse_id", hex(lock.rseId()), "rse", lock.rse(),
                "rule_id", hex(lock.ruleId()), "account", lock.account(), "state", lock.state(), "bytes", lock.bytes(),
                "created_at", Http.date(lock.createdAt()), "updated_at", Http.date(lock.updatedAt()));
    }

    static Map<String, Object> datasetLock(RuleService.DatasetLock lock) {
        return Http.ordered("scope", lock.scope(), "name", lock.name(), "rse_id", hex(lock.rseId()), "rse", lock.rse(),
                "rule_id", hex(lock.ruleId()), "account", lock.account(), "state", lock.state(), "length", lock.length(),
                "bytes", lock.bytes(), "accessed_at", null, "updated_at", Http.date(lock.updatedAt()));
    }

    /** One row of a rule's history. */
    static Map<String, Object> history(RuleHistoryEntry row) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule_id", hex(row.ruleId()));
        out.put("account", row.account());
        out.put("scope", row.scope());
        out.put("name", row.name());
        out.put("did_type", row.didType().name());
        out.put("state", row.state().name());
        out.put("error", row.error());
        out.put("rse_expression", row.rseExpression());
        out.put("copies", row.copies());
        out.put("expires_at", date(row.expiresAt()));
        out.put("locked", row.locked());
        out.put("locks_ok_cnt", row.locksOk());
        out.put("locks_replicating_cnt", row.locksReplicating());
        out.put("locks_stuck_cnt", row.locksStuck());
        out.put("activity", row.activity());
        out.put("grouping", row.grouping().name());
        out.put("created_at", date(row.createdAt()));
        out.put("updated_at", date(row.updatedAt()));
        return out;
    }

    /** A rule's analysis: rule_id, state, rule_error and per lock not OK its transfer. */
    static Map<String, Object> analysis(RuleAnalysis analysis) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rule_id", hex(analysis.ruleId()));
        out.put("state", analysis.state().name());
        out.put("rule_error", analysis.ruleError());
        out.put("transfers", analysis.transfers().stream().map(RuleJson::transfer).toList());
        return out;
    }

    private static Map<String, Object> transfer(RuleAnalysis.Transfer t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", t.scope());
        out.put("name", t.name());
        out.put("rse_id", hex(t.rseId()));
        out.put("rse", t.rse());
        out.put("lock_state", t.lockState());
        out.put("request_state", t.requestState());
        out.put("attempts", t.attempts());
        out.put("last_error", t.lastError());
        out.put("last_time", date(t.lastTime()));
        out.put("last_source", t.lastSource());
        out.put("sources", t.sources().stream().map(rse -> Map.of("rse", rse)).toList());
        out.put("waiting_for", t.waitingFor() == null ? null : waiting(t.waitingFor()));
        return out;
    }

    /** What a lock waits for, as {@code waiting_for} of the rule analysis. */
    private static Map<String, Object> waiting(LockWait wait) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("reason", wait.waitsFor());
        out.put("request_state", wait.requestState().orElse(null));
        out.put("since", wait.since().map(Http::date).orElse(null));
        out.put("attempts", wait.attempts());
        out.put("max_attempts", wait.maxAttempts());
        out.put("transfer_tool", wait.transferTool().orElse(null));
        out.put("job_id", wait.jobId().orElse(null));
        out.put("engine", wait.engine().orElse(null));
        out.put("engine_alive", wait.engineAlive().orElse(null));
        out.put("last_heartbeat", wait.lastHeartbeat().map(Http::date).orElse(null));
        out.put("next_attempt_at", wait.nextAttemptAt().map(Http::date).orElse(null));
        return out;
    }

    // ---------------------------------------------------------------- input

    /** Rucio's {@code options} of a rule update, in their order. */
    static RuleUpdate update(JsonNode options) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Http.JSON.convertValue(options, Map.class);
        if (options.has("lifetime")) {
            map.put("lifetime", Http.optionalLifetime(options, "lifetime"));
        }
        for (String key : map.keySet()) {
            if (!UPDATE_OPTIONS.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " is not a valid option to set");
            }
        }
        Optional<Boolean> approve = map.containsKey("approve") ? Optional.of(asBool("approve", map.get("approve"))) : Optional.empty();
        List<RuleChange> changes = new ArrayList<>();
        map.forEach((key, value) -> {
            if (!key.equals("approve")) {
                changes.add(change(key, value));
            }
        });
        return new RuleUpdate(approve, changes);
    }

    private static RuleChange change(String key, Object value) {
        return switch (key) {
            case "lifetime" -> {
                Long seconds = asLong("lifetime", value);
                if (seconds != null && seconds < 0) {
                    throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "lifetime must not be negative");
                }
                yield new RuleChange.Lifetime(seconds == null ? null : Duration.ofSeconds(seconds));
            }
            case "locked" -> new RuleChange.Locked(asBool("locked", value));
            case "comment" -> new RuleChange.Comment(text(value));
            case "activity" -> new RuleChange.Activity(text(value));
            case "priority" -> {
                Long priority = asLong("priority", value);
                if (priority == null || priority < 0 || priority > 5) {
                    throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "priority must be 0..5");
                }
                yield new RuleChange.Priority(priority.intValue());
            }
            case "source_replica_expression" -> new RuleChange.SourceReplicaExpression(text(value));
            case "purge_replicas" -> new RuleChange.PurgeReplicas(asBool("purge_replicas", value));
            case "eol_at" -> new RuleChange.EolAt(text(value));
            case "meta" -> new RuleChange.Meta(value == null ? null : JsonValues.write(value));
            case "child_rule_id" -> new RuleChange.ChildRule(value == null ? null : RuleService.parseId(String.valueOf(value)));
            case "account" -> new RuleChange.Account(String.valueOf(value));
            case "state" -> new RuleChange.State(RuleState.parse(String.valueOf(value)));
            case "boost_rule" -> new RuleChange.BoostRule(asBool("boost_rule", value));
            case "cancel_requests" -> new RuleChange.CancelRequests();
            default -> throw new IllegalStateException(key);
        };
    }

    /**
     * What a move changes of the rule: the body's {@code override} object and its top-level
     * {@code activity} and {@code source_replica_expression}, which win.
     */
    static List<MoveOverride> moveOverrides(ObjectNode body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> override = body.hasNonNull("override") ? Http.JSON.convertValue(body.get("override"), Map.class) : new LinkedHashMap<>();
        for (String key : List.of("activity", "source_replica_expression")) {
            if (body.hasNonNull(key)) {
                override.put(key, body.get(key).asText());
            }
        }
        for (String key : override.keySet()) {
            if (!MOVE_OVERRIDES.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " cannot be overridden when moving a rule");
            }
        }
        List<MoveOverride> overrides = new ArrayList<>();
        override.forEach((key, value) -> overrides.add(switch (key) {
            case "grouping" -> new MoveOverride.GroupingOf(Grouping.parse(String.valueOf(value)));
            case "weight" -> new MoveOverride.Weight(string(key, value));
            case "source_replica_expression" -> new MoveOverride.SourceReplicaExpression(string(key, value));
            case "activity" -> new MoveOverride.Activity(string(key, value));
            case "comment" -> new MoveOverride.Comment(string(key, value));
            case "priority" -> {
                Long priority = asLong("priority", value);
                if (priority == null) {
                    throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "priority must be an integer, got null");
                }
                yield new MoveOverride.Priority(priority.intValue());
            }
            default -> throw new IllegalStateException(key);
        }));
        return overrides;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String string(String key, Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a string, got " + value);
    }

    private static boolean asBool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be true or false, got " + value);
    }

    private static Long asLong(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be an integer, got " + value);
        }
    }

    private static String date(Instant instant) {
        return instant == null ? null : Http.date(instant);
    }

    private static String hex(UUID id) {
        return Ids.hex(id);
    }
}
