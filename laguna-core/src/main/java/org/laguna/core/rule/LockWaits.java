package org.laguna.core.rule;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.common.TransferTools;
import org.laguna.core.db.Tx;

/**
 * Says what a lock that is not OK waits for, from its transfer request: queued for which attempt
 * and until when, submitted to which tool or built-in engine since when (and whether that engine
 * is still alive, as after a crash), copied and waiting for the finisher, or stuck until the
 * judge-repairer's retry. The sentence is made by {@link #describe}, a pure function.
 */
public final class LockWaits {
    /**
     * The settings the conveyor and the judge-repairer work with.
     *
     * @param builtinTool the name of the built-in tool, whose requests carry their engine's id
     * @param maxAttempts {@code transfer.max-attempts}
     * @param retryDelay {@code transfer.retry-delay}, doubled at each further failure
     * @param retryDelayMax {@code transfer.retry-delay-max}
     * @param staleAfter {@code transfer.stale-after}
     * @param stuckRetryDelay {@code transfer.stuck-retry-delay}
     * @param heartbeatTimeout {@code daemon.heartbeat-timeout}
     */
    public record Settings(String builtinTool, int maxAttempts, Duration retryDelay, Duration retryDelayMax, Duration staleAfter,
                           Duration stuckRetryDelay, Duration heartbeatTimeout) {
        /** The documented defaults. */
        public static final Settings DEFAULTS = new Settings(TransferTools.BUILTIN, 3, Duration.ofSeconds(30), Duration.ofHours(2),
                Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(60));

        public Settings {
            Objects.requireNonNull(builtinTool, "builtinTool is null");
            Objects.requireNonNull(retryDelay, "retryDelay is null");
            Objects.requireNonNull(retryDelayMax, "retryDelayMax is null");
            Objects.requireNonNull(staleAfter, "staleAfter is null");
            Objects.requireNonNull(stuckRetryDelay, "stuckRetryDelay is null");
            Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
        }
    }

    /** The lock and its request as the analysis reads them; request fields are null without a request. */
    record Row(String lockState, String requestState, int attempts, String error, Instant queuedAt, Instant submittedAt,
               Instant transferredAt, String tool, String jobId, String engine, boolean hasSource) {
    }

    /** A built-in engine's last heartbeat and whether it is within the timeout. */
    record Engine(Instant lastHeartbeat, boolean alive) {
    }

    private final Settings settings;

    public LockWaits(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
    }

    /** The built-in engines that have a heartbeat row, by id. */
    Map<String, Engine> engines(Tx tx) {
        Map<String, Engine> engines = new HashMap<>();
        tx.query("select payload, max(updated_at), bool_or(updated_at >= now() - ? * interval '1 millisecond') from heartbeats "
                        + "where daemon = 'transfer-engine' and payload is not null group by payload",
                rs -> engines.put(rs.getString(1), new Engine(rs.getTimestamp(2).toInstant(), rs.getBoolean(3))),
                settings.heartbeatTimeout().toMillis());
        return engines;
    }

    /** What the lock of this row waits for, at {@code now}; {@code stuckAt} is when the rule went STUCK, if it is. */
    LockWait describe(Row row, Instant now, Map<String, Engine> engines, Optional<Instant> stuckAt) {
        if ("STUCK".equals(row.lockState())) {
            return stuck(row, stuckAt);
        }
        if (row.requestState() == null) {
            return wait(row.hasSource() ? "no transfer request yet: the judge queues one for a lock that needs a copy"
                    : "no transfer request: no AVAILABLE replica of the file to copy from", row, Optional.empty());
        }
        if (row.transferredAt() != null) {
            return wait(("DONE".equals(row.requestState()) ? "copied at " : "the attempt ended " + row.requestState() + " at ")
                    + row.transferredAt() + ": waits for the conveyor-finisher", row, Optional.empty());
        }
        return switch (row.requestState()) {
            case "QUEUED" -> queued(row, now);
            case "SUBMITTED" -> submitted(row, engines);
            default -> wait("request " + row.requestState() + " since " + row.queuedAt(), row, Optional.empty());
        };
    }

    private LockWait queued(Row row, Instant now) {
        int attempt = row.attempts() + 1;
        if (row.attempts() == 0) {
            return wait("queued since " + row.queuedAt() + " for attempt 1 of " + settings.maxAttempts()
                    + ": waits for the conveyor-submitter (and the transfer limits of its RSEs, if any)", row, Optional.of(row.queuedAt()));
        }
        long factor = 1L << Math.min(row.attempts() - 1, 30);
        Duration pause = settings.retryDelay().multipliedBy(factor);
        if (pause.compareTo(settings.retryDelayMax()) > 0) {
            pause = settings.retryDelayMax();
        }
        Instant next = row.queuedAt().plus(pause);
        String when = next.isAfter(now) ? "not before " + next + " (a pause of " + pause + " after " + row.attempts() + " failed)"
                : "due since " + next + ": waits for the conveyor-submitter";
        return wait("queued since " + row.queuedAt() + " for attempt " + attempt + " of " + settings.maxAttempts() + ", " + when
                + (row.error() == null ? "" : "; the last attempt failed: " + row.error()), row, Optional.of(next));
    }

    private LockWait submitted(Row row, Map<String, Engine> engines) {
        String job = row.jobId() == null ? "" : " (job " + row.jobId() + ")";
        if (row.jobId() == null) {
            Instant reconcile = row.submittedAt().plus(settings.staleAfter());
            return wait("submitted to " + row.tool() + " since " + row.submittedAt() + " but the tool gave no job id (the outcome of the "
                    + "submission is unknown): the conveyor-poller checks the destination after transfer.stale-after, at " + reconcile,
                    row, Optional.of(reconcile));
        }
        if (!settings.builtinTool().equals(row.tool())) {
            return wait("submitted to " + row.tool() + (row.engine() == null ? "" : " at " + row.engine()) + job + " since " + row.submittedAt()
                    + ": waits for the tool to finish the job (the conveyor-poller asks for its state)", row, Optional.empty());
        }
        Engine engine = engines.getOrDefault(row.engine(), new Engine(null, false));
        String heartbeat = engine.lastHeartbeat() == null ? "no heartbeat left" : "last heartbeat " + engine.lastHeartbeat();
        if (engine.alive()) {
            return wait("submitted to the built-in transfer engine " + row.engine() + job + " since " + row.submittedAt() + ", which is alive ("
                    + heartbeat + "): being copied", row, Optional.empty(), Optional.of(engine));
        }
        return wait("submitted to the built-in transfer engine " + row.engine() + job + " since " + row.submittedAt() + ", which is no longer "
                + "alive (" + heartbeat + ", daemon.heartbeat-timeout " + settings.heartbeatTimeout() + "; its process stopped or crashed): "
                + "a conveyor-poller takes it over at its next cycle, finishing it if the whole file is at the destination, else queuing "
                + "it again without counting an attempt", row, Optional.empty(), Optional.of(engine));
    }

    private LockWait stuck(Row row, Optional<Instant> stuckAt) {
        Optional<Instant> retry = stuckAt.map(at -> at.plus(settings.stuckRetryDelay()));
        return wait("stuck after " + row.attempts() + " failed attempt(s)" + (row.error() == null ? "" : " (" + row.error() + ")")
                + ": the judge-repairer retries it " + retry.map(at -> "at " + at).orElse("after transfer.stuck-retry-delay")
                + ", or at once with `laguna rule retry RULE_ID`", row, retry);
    }

    private LockWait wait(String sentence, Row row, Optional<Instant> next) {
        return wait(sentence, row, next, Optional.empty());
    }

    private LockWait wait(String sentence, Row row, Optional<Instant> next, Optional<Engine> engine) {
        Instant since = "SUBMITTED".equals(row.requestState()) && row.submittedAt() != null ? row.submittedAt() : row.queuedAt();
        boolean submitted = "SUBMITTED".equals(row.requestState()) || row.transferredAt() != null;
        return new LockWait(sentence, Optional.ofNullable(row.requestState()), Optional.ofNullable(row.requestState() == null ? null : since),
                row.attempts(), settings.maxAttempts(), Optional.ofNullable(submitted ? row.tool() : null),
                Optional.ofNullable(submitted ? row.jobId() : null), Optional.ofNullable(submitted ? row.engine() : null),
                engine.map(Engine::alive), engine.map(Engine::lastHeartbeat), next);
    }
}
