package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Follows rules until they settle, for {@code rule watch} and {@code rule add --wait}: polls each
 * rule, prints a line whenever its state or lock counts change (a JSON line with {@code --json}),
 * and keeps a progress line of the locks on a terminal. A rule settles when it is OK, SUSPENDED, or
 * STUCK with no lock still replicating (a STUCK rule whose other locks still copy is followed on).
 */
final class RuleFollower {
    /** Exit code when every rule is OK. */
    static final int EXIT_OK = 0;
    /** Exit code when a rule settled STUCK or SUSPENDED. */
    static final int EXIT_STUCK = 4;
    /** Exit code when {@code --timeout} ran out first. */
    static final int EXIT_TIMEOUT = 5;

    private static final Set<String> WAITING = Set.of("REPLICATING", "INJECT", "WAITING_APPROVAL");

    private final LagunaClient client;
    private final Output out;
    private final PrintWriter err;
    private final Duration interval;
    private final Duration timeout;

    RuleFollower(LagunaClient client, Output out, PrintWriter err, Duration interval, Duration timeout) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Follows the rules and answers the exit code: {@link #EXIT_OK}, {@link #EXIT_STUCK} or {@link #EXIT_TIMEOUT}. */
    int follow(List<String> ids) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        List<String> last = new ArrayList<>(ids.stream().map(id -> "").toList());
        try (Progress bar = Progress.start(ids.size() == 1 ? "rule " + ids.getFirst() : ids.size() + " rules", "locks", err, out.json())) {
            while (true) {
                List<JsonNode> rules = ids.stream().map(id -> client.rules().get(id)).toList();
                bar.set(rules.stream().mapToLong(r -> r.path("locks_ok_cnt").asLong()).sum(), rules.stream().mapToLong(r ->
                        r.path("locks_ok_cnt").asLong() + r.path("locks_replicating_cnt").asLong() + r.path("locks_stuck_cnt").asLong()).sum());
                for (int i = 0; i < rules.size(); i++) {
                    JsonNode rule = rules.get(i);
                    String now = status(rule);
                    if (!now.equals(last.get(i))) {
                        last.set(i, now);
                        String id = ids.get(i);
                        bar.above(() -> report(id, rule));
                    }
                }
                if (rules.stream().allMatch(r -> "OK".equals(r.path("state").asText()))) {
                    return EXIT_OK;
                }
                if (rules.stream().allMatch(RuleFollower::settled)) {
                    for (int i = 0; i < rules.size(); i++) {
                        if (!"OK".equals(rules.get(i).path("state").asText())) {
                            explain(ids.get(i), rules.get(i));
                        }
                    }
                    return EXIT_STUCK;
                }
                if (System.nanoTime() >= deadline) {
                    err.println("laguna: gave up waiting after " + timeout.toSeconds() + " s; the rule(s) go on: follow with `laguna rule watch`");
                    err.flush();
                    return EXIT_TIMEOUT;
                }
                sleep();
            }
        }
    }

    private static boolean settled(JsonNode rule) {
        String state = rule.path("state").asText();
        if ("STUCK".equals(state)) {
            return rule.path("locks_replicating_cnt").asLong() == 0;
        }
        return !WAITING.contains(state);
    }

    private static String status(JsonNode rule) {
        return rule.path("state").asText() + "/" + rule.path("locks_ok_cnt").asLong() + "/" + rule.path("locks_replicating_cnt").asLong()
                + "/" + rule.path("locks_stuck_cnt").asLong();
    }

    private void report(String id, JsonNode rule) {
        if (out.json()) {
            ObjectNode line = JsonNodeFactory.instance.objectNode();
            line.put("rule_id", id);
            line.set("state", rule.path("state"));
            for (String key : List.of("locks_ok_cnt", "locks_replicating_cnt", "locks_stuck_cnt")) {
                line.put(key, rule.path(key).asLong());
            }
            line.put("time", Instant.now().toString());
            out.object(line);
        } else {
            out.line(id + "  " + rule.path("state").asText() + "  OK " + rule.path("locks_ok_cnt").asLong() + "  REPLICATING "
                    + rule.path("locks_replicating_cnt").asLong() + "  STUCK " + rule.path("locks_stuck_cnt").asLong());
        }
    }

    private void explain(String id, JsonNode rule) {
        err.println("laguna: rule " + id + " is " + rule.path("state").asText() + " with " + rule.path("locks_stuck_cnt").asLong()
                + " stuck lock(s)" + (rule.hasNonNull("error") ? " (" + rule.path("error").asText() + ")" : "")
                + "; `laguna rule show --analysis " + id + "` says why");
        err.flush();
    }

    private void sleep() {
        try {
            Thread.sleep(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while following the rule(s)");
        }
    }
}
