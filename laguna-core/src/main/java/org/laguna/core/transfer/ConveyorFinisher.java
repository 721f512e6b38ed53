package org.laguna.core.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.ConveyorStore.Finished;

/**
 * conveyor-finisher: acts on the outcomes the poller recorded, a batch per transaction. DONE: the
 * destination replica becomes AVAILABLE, its locks OK, the rules' counters move, and the request
 * goes to requests_history. FAILED: back to the queue after {@code transfer.retry-delay} while
 * attempts remain, else FAILED for good with its locks and rules STUCK and the reason in the rule's
 * error (and in {@code /rules/{id}/analysis}).
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
        return context.database().inTransaction(tx -> {
            List<Finished> finished = ConveyorStore.finished(tx, slice, BATCH);
            ConveyorStore.arrived(tx, finished.stream().filter(Finished::done).toList(), now);
            ConveyorStore.failed(tx, finished.stream().filter(f -> !f.done()).toList(), context.config().maxAttempts(), false, now);
            return finished.size();
        });
    }
}
