package org.laguna.core.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Tx;
import org.laguna.core.replica.SuspiciousReplicas;
import org.laguna.core.replica.SuspiciousReplicas.TransferSuspicion;
import org.laguna.core.transfer.ConveyorStore.Outcome;
import org.laguna.core.transfer.TransferPlanner.Plan;
import org.laguna.core.transfer.TransferPlanner.Planned;
import org.laguna.core.transfer.TransferPlanner.Request;
import org.laguna.spi.storage.InterruptedWrites;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.transfer.FileStatus;
import org.laguna.spi.transfer.FileStatus.FileState;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * conveyor-poller: asks the transfer tool for the jobs of the SUBMITTED requests of its slice and
 * records each file that ended (DONE or FAILED, with the reason and the source used) for the
 * finisher. A request whose job no tool knows (a built-in job of an engine that is gone, one
 * forgotten, or a submission whose outcome was unknown) is reconciled by looking at the
 * destination: the whole file with the right size and adler32 there counts as DONE, otherwise the
 * request is queued again (without counting an attempt, and with what a write of it may have
 * left at the destination removed). Jobs this process's own built-in engine forgot, and requests
 * of a built-in engine whose heartbeat is dead ({@link EngineHeartbeat}, older than
 * {@code daemon.heartbeat-timeout}), are reconciled at once; others (a shared tool's) once they
 * are older than {@code transfer.stale-after}. With an in-process engine (the built-in tool) a poller polls every request
 * its own engine took, whatever the slice, since no other process can know those jobs; with a
 * shared tool it polls its slice. A source the tool found missing or corrupted
 * ({@link FileStatus#suspiciousSources()}) is declared suspicious in the same transaction as the
 * outcome (see {@link SuspiciousReplicas}).
 */
public final class ConveyorPoller implements Daemon {
    public static final String NAME = "conveyor-poller";
    private static final Logger LOG = LoggerFactory.getLogger(ConveyorPoller.class);
    private static final int BATCH = 20_000;
    private static final int RECONCILE_BATCH = 200;
    /**
     * While files are moving, polls start at most this often: each poll reads every SUBMITTED request it may record (up to
     * {@link #BATCH}), so polling without a pause would spend more on reading what is still moving than on recording what ended.
     */
    private static final long ACTIVE_POLL_NANOS = Duration.ofMillis(250).toNanos();

    private final ConveyorContext context;
    private final TransferPlanner planner;

    public ConveyorPoller(ConveyorContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
        this.planner = context.planner();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Duration idleSleep(Duration configured) {
        return configured.compareTo(Duration.ofMillis(200)) < 0 ? configured : Duration.ofMillis(200);
    }

    /** What one poll found. */
    record Polled(int recorded, int active) {
    }

    private record Row(UUID id, String jobId, Instant submittedAt, String tool, String owner) {
    }

    @Override
    public int runOnce(WorkSlice slice) {
        int takenOver = takeOver(slice);
        Polled polled = poll(slice);
        return takenOver + polled.recorded() + (polled.active() > 0 ? 1 : 0);
    }

    /**
     * Takes over every request of the slice that a dead in-process engine (not this process's, its heartbeat expired) left
     * SUBMITTED: reconciles them {@value #RECONCILE_BATCH} at a time until none is left, whatever else is queued or
     * submitted, so a take-over starts at the first cycle after the heartbeat expired and does not wait for the polls.
     */
    public int takeOver(WorkSlice slice) {
        String localEngine = context.tool() instanceof InProcessEngine engine ? engine.engineId() : "";
        Set<String> inProcessTools = context.inProcessTools();
        int total = 0;
        while (!Thread.currentThread().isInterrupted()) {
            List<UUID> orphaned = context.database().readOnly(tx -> tx.query(orphanedSql(slice), rs -> rs.getObject(1, UUID.class),
                    tx.array("text", inProcessTools.toArray()), localEngine, tx.array("text", EngineHeartbeat.live(tx, context.heartbeatTimeout()).toArray()), RECONCILE_BATCH));
            if (orphaned.isEmpty()) {
                break;
            }
            total += reconcile(orphaned);
            if (orphaned.size() < RECONCILE_BATCH) {
                break;
            }
        }
        if (total > 0) {
            LOG.info("Took over {} transfers of built-in engines whose heartbeat expired", total);
        }
        return total;
    }

    /**
     * The SUBMITTED requests of the slice of dead in-process engines; parameters: the in-process tools' names, the local engine's
     * id, the live engines' ids, the limit.
     */
    static String orphanedSql(WorkSlice slice) {
        return "select id from requests where state = 'SUBMITTED' and transfertool = any(?::text[]) and "
                + "external_host is not null and external_host <> ? and not external_host = any(?::text[]) and " + slice.sql("id::text")
                + " order by id limit ?";
    }

    /** Records what ended; {@code active} counts the requests still moving, after a short wait for them. */
    Polled poll(WorkSlice slice) {
        long started = System.nanoTime();
        String tool = context.tool().name();
        Instant staleBefore = context.clock().instant().minus(context.config().staleAfter());
        InProcessEngine engine = context.tool() instanceof InProcessEngine inProcess ? inProcess : null;
        String localEngine = engine == null ? null : engine.engineId();
        Set<String> inProcessTools = context.inProcessTools();
        Set<String> liveEngines = context.database().readOnly(tx -> EngineHeartbeat.live(tx, context.heartbeatTimeout()));
        List<Row> rows = context.database().readOnly(tx -> tx.query(pollSql(localEngine != null, slice),
                rs -> new Row(rs.getObject(1, UUID.class), rs.getString(2), Tx.instant(rs, "submitted_at"),
                        rs.getString(4), rs.getString(5)),
                localEngine == null ? tool : localEngine, Timestamp.from(staleBefore), tx.array("text", inProcessTools.toArray()),
                tx.array("text", liveEngines.toArray()), BATCH));
        if (rows.isEmpty()) {
            return new Polled(0, 0);
        }
        Set<String> jobIds = new HashSet<>();
        rows.forEach(r -> {
            if (r.jobId() != null && tool.equals(r.tool())) {
                jobIds.add(r.jobId());
            }
        });
        Map<String, JobStatus> statuses = jobIds.isEmpty() ? Map.of() : context.tool().query(jobIds);
        Instant now = context.clock().instant();
        List<Outcome> outcomes = new ArrayList<>();
        List<TransferSuspicion> suspicions = new ArrayList<>();
        List<UUID> lost = new ArrayList<>();
        int active = 0;
        for (Row row : rows) {
            JobStatus job = row.jobId() == null || !tool.equals(row.tool()) ? null : statuses.get(row.jobId());
            FileStatus file = job == null ? null : job.files().get(row.id().toString());
            if (file != null && file.state().terminal()) {
                outcomes.add(new Outcome(row.id(), file.state() == FileState.DONE, file.state() == FileState.DONE ? null
                        : Objects.toString(file.reason(), file.state().name()), file.source(), null, null));
                file.suspiciousSources().forEach(source -> suspicions.add(new TransferSuspicion(row.id(), source.pfn(),
                        source.problem() + ": " + source.detail())));
            } else if (file != null) {
                active++;
            } else if ((engine != null && tool.equals(row.tool()) && engine.madeJob(row.jobId()))
                    || ownerDead(row, inProcessTools, localEngine, liveEngines) || row.submittedAt() == null || !row.submittedAt().isAfter(staleBefore)) {
                if (lost.size() < RECONCILE_BATCH) {
                    lost.add(row.id());
                }
            } else {
                active++;
            }
        }
        int recorded = outcomes.isEmpty() ? 0 : context.database().inTransaction(tx -> {
            SuspiciousReplicas.fromTransfers(tx, suspicions, NAME, now);
            return ConveyorStore.outcomes(tx, outcomes, now);
        });
        recorded += reconcile(lost);
        long wait = ACTIVE_POLL_NANOS - (System.nanoTime() - started);
        if (active > 0 && wait > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Polled(recorded, active);
    }

    /**
     * The SUBMITTED requests a poller looks at; parameters: the tool's name (a shared tool) or the local engine's id, the
     * time before which a submission is stale, the in-process tools' names, the ids of the live engines, the limit. A shared tool (FTS3)
     * answers any poller: the requests of its slice, and stale ones of a tool configured before. An in-process engine
     * (the built-in one) only knows its own jobs: every request it took, whatever the slice, and of the slice the stale
     * ones and those of built-in engines that are dead (their heartbeat expired).
     */
    static String pollSql(boolean inProcess, WorkSlice slice) {
        String deadEngine = "(transfertool = any(?::text[]) and external_host is not null "
                + "and not external_host = any(?::text[]))";
        String which = inProcess
                ? "(external_host = ? or ((submitted_at < ? or " + deadEngine + ") and " + slice.sql("id::text") + "))"
                : "(transfertool = ? or submitted_at < ? or " + deadEngine + ") and " + slice.sql("id::text");
        return "select id, external_id, submitted_at, transfertool, external_host from requests where state = 'SUBMITTED' and "
                + which + " order by submitted_at limit ?";
    }

    /** A request of an in-process engine, not this process's, whose heartbeat is gone: no live process will finish it. */
    private static boolean ownerDead(Row row, Set<String> inProcessTools, String localEngine, Set<String> liveEngines) {
        return inProcessTools.contains(row.tool()) && row.owner() != null && !row.owner().equals(localEngine)
                && !liveEngines.contains(row.owner());
    }

    /** Looks at the destination of requests no tool knows: verified bytes are DONE, anything else goes back to the queue. */
    private int reconcile(List<UUID> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        List<Request> requests = context.database().readOnly(tx -> tx.query("select " + ConveyorStore.REQUEST_COLUMNS
                + " from requests where id = any(?) and state = 'SUBMITTED'", ConveyorStore::request, tx.array("uuid", ids.toArray())));
        Map<UUID, Planned> plans = context.database().readOnly(tx -> planner.planAll(tx, requests));
        // a hop before the last of a multi-hop path is never queued on its own: without its bytes it fails, and so does its path
        Set<UUID> hops = new HashSet<>(context.database().readOnly(tx -> tx.query("select id from requests where id = any(?) "
                + "and attributes->>'next_hop' is not null", rs -> rs.getObject(1, UUID.class), tx.array("uuid", ids.toArray()))));
        List<Outcome> done = new ArrayList<>();
        List<UUID> requeue = new ArrayList<>();
        List<Plan> partial = new ArrayList<>();
        for (Request request : requests) {
            Plan plan = plans.get(request.id()) instanceof Plan p ? p : null;
            boolean complete;
            try {
                complete = plan != null && verified(plan);
            } catch (RuntimeException e) {
                complete = false;
            }
            if (complete) {
                done.add(new Outcome(request.id(), true, null, null, plan.destination().path(), plan.destinationKeepsPath()));
            } else if (hops.contains(request.id())) {
                done.add(new Outcome(request.id(), false, "The transfer tool no longer knows this hop's job and its bytes are not at "
                        + "the intermediate RSE", null, null, null));
            } else {
                requeue.add(request.id());
                if (plan != null) {
                    partial.add(plan);
                }
            }
        }
        removeLeftovers(partial);
        Instant now = context.clock().instant();
        return context.database().inTransaction(tx -> {
            int n = ConveyorStore.outcomes(tx, done, now);
            if (!requeue.isEmpty()) {
                ConveyorStore.requeue(tx, requeue, now);
            }
            return n + requeue.size();
        });
    }

    /**
     * Before a request goes back to the queue, removes what its interrupted copy left at the destination (POSIX part
     * files): its owner is gone, so nothing writes them any more, and the next copy stages its bytes anew.
     */
    private void removeLeftovers(List<Plan> plans) {
        for (Plan plan : plans) {
            try {
                if (context.storage().open(plan.destination().rse().name(), plan.destination().protocol()) instanceof InterruptedWrites writes) {
                    writes.removeLeftovers(plan.destination().pfn());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not remove what an interrupted copy left at " + plan.destination().pfn() + ": " + e.getMessage());
            }
        }
    }

    private boolean verified(Plan plan) {
        StorageProtocol to = context.storage().open(plan.destination().rse().name(), plan.destination().protocol());
        Optional<StoredObject> stat = to.stat(plan.destination().pfn());
        if (stat.isEmpty() || stat.get().size() != plan.bytes()) {
            return false;
        }
        if (plan.adler32() == null) {
            return true;
        }
        Adler32 adler = new Adler32();
        try (InputStream in = new CheckedInputStream(to.openRead(plan.destination().pfn(), 0), adler)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return false;
        }
        return plan.adler32().equalsIgnoreCase(String.format(Locale.ROOT, "%08x", adler.getValue()));
    }
}
