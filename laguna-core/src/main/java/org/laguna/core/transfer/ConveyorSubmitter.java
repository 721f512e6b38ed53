package org.laguna.core.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.ConveyorStore.Finished;
import org.laguna.core.transfer.ConveyorStore.Submitted;
import org.laguna.core.transfer.TransferPlanner.Endpoint;
import org.laguna.core.transfer.TransferPlanner.Plan;
import org.laguna.core.transfer.TransferPlanner.Planned;
import org.laguna.core.transfer.TransferPlanner.Refusal;
import org.laguna.core.transfer.TransferPlanner.Request;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.laguna.spi.transfer.TransferJob;
import org.laguna.spi.transfer.TransferToolException;

/**
 * conveyor-submitter: takes QUEUED requests of its slice (highest priority first, within the
 * transfer limits), marks them SUBMITTED, plans their sources, groups them into jobs by link
 * (first source RSE, destination RSE), activity and priority, and hands the jobs to the configured
 * transfer tool, recording each request's job id. A request without a plan fails at once; a job the
 * tool refused fails its requests (retried later); a submission whose outcome is unknown leaves the
 * requests SUBMITTED without a job id, for the poller to reconcile, never to be submitted again
 * blindly. A request none of whose sources can copy to the destination directly goes through
 * intermediate RSEs ({@link Multihop}).
 */
public final class ConveyorSubmitter implements Daemon {
    public static final String NAME = "conveyor-submitter";

    private final ConveyorContext context;
    private final TransferPlanner planner;

    public ConveyorSubmitter(ConveyorContext context) {
        this.context = Objects.requireNonNull(context, "context is null");
        this.planner = context.planner();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Rules wait for the conveyor: it looks for new requests at least every second. */
    @Override
    public Duration idleSleep(Duration configured) {
        return configured.compareTo(Duration.ofSeconds(1)) < 0 ? configured : Duration.ofSeconds(1);
    }

    @Override
    public int runOnce(WorkSlice slice) {
        TransferConfig config = TransferConfig.live(context.database(), context.config());
        if (context.tool() instanceof InProcessEngine engine && engine.full()) {
            return 0; // the engine has enough to do; what waits stays QUEUED, visible and free for other processes
        }
        Instant now = context.clock().instant();
        String tool = context.tool().name();
        String host = context.host();
        List<Request> claimed = context.database().inTransaction(tx -> {
            List<Request> admitted = TransferLimits.admit(tx, context.resolver(),
                    ConveyorStore.queued(tx, slice, now, config.retryDelay(), config.retryDelayMax(), config.claim()));
            if (!admitted.isEmpty()) {
                ConveyorStore.claim(tx, admitted.stream().map(Request::id).toList(), tool, host, now);
            }
            return admitted;
        });
        if (claimed.isEmpty()) {
            return 0;
        }
        Map<UUID, Planned> planned = context.database().readOnly(tx -> planner.planAll(tx, claimed));
        List<Finished> fatal = new ArrayList<>();
        List<Finished> failed = new ArrayList<>();
        Map<UUID, Plan> plans = new HashMap<>(claimed.size() * 2);
        Map<String, List<Request>> groups = new LinkedHashMap<>();
        List<Request> multihop = new ArrayList<>();
        for (Request request : claimed) {
            switch (planned.get(request.id())) {
                case Refusal refusal -> fatal.add(new Finished(request, false, refusal.reason(), null, false));
                case Plan plan when plan.sources().isEmpty() ->
                        failed.add(new Finished(request, false, "No available source replica of " + request.scope() + ":" + request.name(), null, false));
                case Plan plan when !plan.direct() -> {
                    plans.put(request.id(), plan);
                    multihop.add(request);
                }
                case Plan plan -> {
                    plans.put(request.id(), plan);
                    String key = plan.sources().getFirst().rse().id() + " " + request.destRseId() + " " + request.activity() + " " + request.priority();
                    groups.computeIfAbsent(key, k -> new ArrayList<>()).add(request);
                }
            }
        }
        List<Submitted> submitted = new ArrayList<>(claimed.size());
        Set<String> opened = new HashSet<>();
        if (!multihop.isEmpty()) {
            new Multihop(context, opened).submit(multihop, plans, submitted, failed, fatal);
        }
        for (List<Request> group : groups.values()) {
            for (int from = 0; from < group.size(); from += config.jobSize()) {
                List<Request> chunk = group.subList(from, Math.min(group.size(), from + config.jobSize()));
                submit(chunk, plans, opened, submitted, failed);
            }
        }
        Instant at = context.clock().instant();
        context.database().inTransactionVoid(tx -> {
            ConveyorStore.submitted(tx, submitted, at);
            ConveyorStore.failed(tx, fatal, config.maxAttempts(), true, at);
            ConveyorStore.failed(tx, failed, config.maxAttempts(), false, at);
        });
        return claimed.size();
    }

    private void submit(List<Request> requests, Map<UUID, Plan> plans, Set<String> opened, List<Submitted> submitted, List<Finished> failed) {
        boolean inProcess = context.tool() instanceof InProcessEngine;
        List<TransferFile> files = new ArrayList<>(requests.size());
        List<Request> chunk = new ArrayList<>(requests.size());
        for (Request request : requests) {
            try {
                files.add(file(request, plans.get(request.id()), inProcess, opened));
                chunk.add(request);
            } catch (LagunaException e) {
                failed.add(new Finished(request, false, "Could not prepare the transfer: " + e.getMessage(), null, false));
            }
        }
        if (chunk.isEmpty()) {
            return;
        }
        Request first = chunk.getFirst();
        Submission submission = submitJob(context, files, first, false);
        if (submission.refusal() != null) {
            chunk.forEach(r -> failed.add(new Finished(r, false, submission.refusal(), null, false)));
            return;
        }
        String jobId = submission.jobId();
        for (int i = 0; i < chunk.size(); i++) {
            Request request = chunk.get(i);
            Plan plan = plans.get(request.id());
            Map<String, String> sources = new LinkedHashMap<>();
            plan.sources().forEach(s -> sources.putIfAbsent(s.pfn(), s.rse().id().toString()));
            // a tool given signed URLs names the source it used by its URL (the signature left out)
            List<TransferEndpoint> handed = files.get(i).sources();
            for (int source = 0; source < handed.size(); source++) {
                String rseId = plan.sources().get(source).rse().id().toString();
                handed.get(source).unsignedUrl().ifPresent(url -> sources.putIfAbsent(url, rseId));
            }
            submitted.add(new Submitted(request.id(), jobId, plan.sources().getFirst().rse().id(), sources, plan.destination().path(),
                    plan.destinationKeepsPath()));
        }
    }

    /** The tool's view of a request; a storage token that cannot be obtained fails the request alone. */
    private TransferFile file(Request request, Plan plan, boolean inProcess, Set<String> opened) {
        List<TransferEndpoint> sources = new ArrayList<>(plan.sources().size());
        for (Endpoint source : plan.sources()) {
            sources.add(endpoint(context, source, inProcess, opened, false, plan.bytes()));
        }
        return new TransferFile(request.id().toString(), sources, endpoint(context, plan.destination(), inProcess, opened, true, plan.bytes()),
                plan.bytes(), plan.adler32(), plan.md5());
    }

    /**
     * What handing a job to the tool gave: its id, or null when the outcome is unknown (the requests stay SUBMITTED
     * without a job for the poller to reconcile); or, when the tool refused it, why.
     */
    record Submission(String jobId, String refusal) {
    }

    /** Submits the files as one job with the request's activity and priority (bounded to the tools' 1 to 5). */
    static Submission submitJob(ConveyorContext context, List<TransferFile> files, Request request, boolean multihop) {
        TransferJob job = new TransferJob(files, request.activity(), Math.max(1, Math.min(5, request.priority())), multihop, true, true);
        try {
            return new Submission(context.tool().submit(job), null);
        } catch (TransferToolException e) {
            return e.outcomeUnknown() ? new Submission(null, null)
                    : new Submission(null, "Submission to " + context.tool().name() + " failed: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Submission(null, "Submission to " + context.tool().name() + " failed: " + e);
        }
    }

    /**
     * The tool's view of an endpoint. An in-process engine gets the storage connection opened for it in this process
     * (which asks for its own tokens, per operation); any other tool gets, with the file, the token of a token-protected
     * endpoint for its read ({@code destination} false) or its write, and for a storage reached only with the server's
     * keys (S3) a pre-signed URL for that read (GET) or write (PUT), valid for {@code transfer.signed-url-lifetime}.
     */
    static TransferEndpoint endpoint(ConveyorContext context, Endpoint endpoint, boolean inProcess, Set<String> opened, boolean destination,
            long bytes) {
        String pfn = endpoint.pfn();
        String rse = endpoint.rse().name();
        if (inProcess) {
            if (opened.add(rse + " " + endpoint.protocol())) {
                context.storage().open(rse, endpoint.protocol());
            }
            return new TransferEndpoint(rse, pfn);
        }
        return new TransferEndpoint(rse, pfn, context.storage().transferToken(rse, endpoint.protocol(), pfn, destination),
                context.storage().signedTransferUrl(rse, endpoint.protocol(), pfn, destination, bytes, context.config().signedUrlLifetime()));
    }
}
