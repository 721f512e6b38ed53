package org.laguna.core.transfer;

import java.time.Duration;
import java.util.Objects;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;

/**
 * conveyor: the three stages in one daemon, for {@code laguna daemon conveyor} and small setups.
 * Each cycle first takes over the transfers of dead built-in engines (all of them, see
 * {@link ConveyorPoller#takeOver}), then submits what is queued, polls what is submitted and
 * finishes what ended, taking over again between the steps; while
 * transfers are still moving it counts as busy, so {@code --once} runs until every request it
 * could take is finished. {@code laguna server} runs the stages as separate daemons instead.
 */
public final class Conveyor implements Daemon {
    public static final String NAME = "conveyor";

    private final ConveyorSubmitter submitter;
    private final ConveyorPoller poller;
    private final ConveyorFinisher finisher;

    public Conveyor(ConveyorContext context) {
        Objects.requireNonNull(context, "context is null");
        this.submitter = new ConveyorSubmitter(context);
        this.poller = new ConveyorPoller(context);
        this.finisher = new ConveyorFinisher(context);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration idleSleep(Duration configured) {
        return submitter.idleSleep(configured);
    }

    @Override
    public int runOnce(WorkSlice slice) {
        int takenOver = poller.takeOver(slice);
        int submitted = submitter.runOnce(slice);
        takenOver += poller.takeOver(slice); // again after each step that may have been long
        ConveyorPoller.Polled polled = poller.poll(slice);
        takenOver += poller.takeOver(slice);
        int finished = finisher.runOnce(slice);
        return takenOver + submitted + polled.recorded() + finished + polled.active();
    }
}
