package org.laguna.core.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.ConveyorStore.Finished;

/**
 * conveyor-finisher: acts on the outcomes the poller recorded, a batch per transaction. DONE: the
 * destination replica becomes AVAILABLE, its locks OK, the rules' counters move, and the request
 * goes to requests_history. FAILED: back to the queue after {@code transfer.retry-delay} while
 * attempts remain, else FAILED for good with its locks and rules STUCK and the reason in the rule's
 * error (and in {@code /rules/{id}/analysis}). A hop of a multi-hop path before the last is
 * finished like any copy when DONE (its replica on the intermediate RSE becomes AVAILABLE and keeps
 * its tombstone); when it failed it goes to the history and the last hop, which fails with it,
 * carries its reason and counts the attempt.
 */
public final class ConveyorFinisher implements Daemon {
    public static final String NAME = "conveyor-finisher";
    private static final int BATCH = 5_000;

    private final ConveyorContext context;

    public ConveyorFinisher(ConveyorContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration idleSleep(Duration configured) {
        return configured.compareTo(Duration.ofMillis(200)) < 0 ? configured : Duration.ofMillis(200);
    }

    @Override
    public int runOnce(WorkSlice slice) {
        Instant now = context.clock().instant();
        int maxAttempts = TransferConfig.live(context.database(), context.config()).maxAttempts();
        return context.database().inTransaction(tx -> {
            List<Finished> finished = ConveyorStore.finished(tx, slice, BATCH);
            ConveyorStore.arrived(tx, finished.stream().filter(Finished::done).toList(), now);
            List<Finished> hops = finished.stream().filter(f -> !f.done() && f.intermediate()).toList();
            ConveyorStore.hopsFailed(tx, hops.stream().map(f -> f.request().id()).toList(), hops.stream().map(Finished::reason).toList(), now);
            List<Finished> failed = finished.stream().filter(f -> !f.done() && !f.intermediate()).toList();
            // the last hop of a path whose earlier hop failed fails with that hop's reason
            Map<UUID, String> hopErrors = ConveyorStore.hopErrors(tx, failed.stream().map(f -> f.request().id()).toList());
            failed = failed.stream().map(f -> hopErrors.containsKey(f.request().id())
                    ? f.withReason("Multi-hop transfer failed at an earlier hop: " + hopErrors.get(f.request().id())) : f).toList();
            ConveyorStore.failed(tx, failed, maxAttempts, false, now);
            return finished.size();
        });
    }
}
