package org.laguna.core.transfer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.transfer.ConveyorStore.Finished;
import org.laguna.core.transfer.ConveyorStore.IntermediateHop;
import org.laguna.core.transfer.ConveyorStore.Submitted;
import org.laguna.core.transfer.TransferPlanner.Endpoint;
import org.laguna.core.transfer.TransferPlanner.Plan;
import org.laguna.core.transfer.TransferPlanner.Request;
import org.laguna.core.transfer.path.Hop;
import org.laguna.core.transfer.path.PathFinder;
import org.laguna.core.transfer.path.PathResult;
import org.laguna.core.transfer.path.TransferPath;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.TransferFile;

/**
 * The submitter's multi-hop transfers, for requests none of whose sources can copy to the
 * destination directly. The {@link PathFinder} gets the graph of the destination's VO (read once
 * per submitter cycle) and the request's sources; without a path the request fails at once with the
 * finder's reason. For a path A → I → D the submitter records a request for each hop before the
 * last (SUBMITTED, its next hop in its attributes) and a COPYING replica on each intermediate RSE
 * with a tombstone {@link #INTERMEDIATE_LIFETIME} ahead (or the RSE's
 * {@code multihop_tombstone_delay} in seconds), then hands the hops to the tool as one job
 * with {@code multihop} set, so they run in order. The final request keeps the ids of the hops
 * before it ({@code hops} in its attributes).
 */
final class Multihop {
    /** How long a replica on an intermediate RSE is kept at least: its tombstone is this far ahead. */
    static final Duration INTERMEDIATE_LIFETIME = Duration.ofHours(2);

    private final ConveyorContext context;
    private final Set<String> opened;
    private final PathFinder finder = new PathFinder();
    private final Map<String, TransferPaths.Graph> graphs = new HashMap<>();

    Multihop(ConveyorContext context, Set<String> opened) {
        this.context = Objects.requireNonNull(context, "context is null");
        this.opened = Objects.requireNonNull(opened, "opened is null");
    }

    /** A request with its path and the hops before the last, their endpoints and requests. */
    private record Chain(Request request, Plan plan, TransferPath path, List<IntermediateHop> hops, List<Endpoint> endpoints) {
    }

    void submit(List<Request> requests, Map<UUID, Plan> plans, List<Submitted> submitted, List<Finished> failed, List<Finished> fatal) {
        Map<Request, TransferPath> found = new LinkedHashMap<>();
        context.database().readOnly(tx -> {
            for (Request request : requests) {
                Plan plan = plans.get(request.id());
                Rse destination = plan.destination().rse();
                TransferPaths.Graph graph = graphs.computeIfAbsent(destination.vo(), vo -> TransferPaths.load(tx, context.storage(), vo));
                List<String> sources = plan.sources().stream().map(s -> s.rse().name()).distinct().toList();
                PathResult result = finder.find(graph.graph(), sources, destination.name());
                if (result instanceof PathResult.NotFound notFound) {
                    fatal.add(new Finished(request, false, "No transfer path from " + sources + " to " + destination.name()
                            + ": no source can copy to it directly (no protocol pair of compatible schemes) and no multi-hop path "
                            + "was found: " + notFound.message(), null, false));
                } else {
                    found.put(request, result.path().orElseThrow());
                }
            }
            return null;
        });
        if (found.isEmpty()) {
            return;
        }
        List<Chain> chains = context.database().readOnly(tx -> {
            List<Chain> planned = new ArrayList<>();
            for (Map.Entry<Request, TransferPath> entry : found.entrySet()) {
                planned.add(chain(tx, entry.getKey(), plans.get(entry.getKey().id()), entry.getValue()));
            }
            return planned;
        });
        Instant now = context.clock().instant();
        List<Chain> recorded = new ArrayList<>();
        context.database().inTransactionVoid(tx -> {
            for (Chain chain : chains) {
                if (ConveyorStore.intermediate(tx, chain.hops(), context.tool().name(), context.host(), now)) {
                    recorded.add(chain);
                } else {
                    failed.add(new Finished(chain.request(), false, "A transfer of " + chain.request().scope() + ":" + chain.request().name()
                            + " to the intermediate RSE of the path " + String.join(" -> ", chain.path().rses()) + " is already under way",
                            null, false));
                }
            }
        });
        for (Chain chain : recorded) {
            submit(chain, submitted, failed);
        }
    }

    /** The endpoints of a path: the source, then each intermediate RSE, then the destination; and the hops' requests. */
    private Chain chain(Tx tx, Request request, Plan plan, TransferPath path) {
        List<Hop> hops = path.hops();
        Endpoint source = plan.sources().stream().filter(s -> s.rse().name().equals(hops.getFirst().source())).findFirst().orElseThrow();
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(new Endpoint(source.rse(), hops.getFirst().sourceProtocol(), source.path()));
        List<IntermediateHop> intermediate = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < hops.size() - 1; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.add(request.id());
        for (int i = 0; i < hops.size() - 1; i++) {
            Hop hop = hops.get(i);
            Rse rse = context.rses().find(tx, plan.destination().rse().vo(), hop.destination()).orElseThrow();
            Map<String, Object> attributes = context.rses().attributes(tx, rse.id());
            String algorithm = Lfn2Pfn.algorithm(attributes);
            String path2 = tx.queryOne("select path from replicas where scope = ? and name = ? and rse_id = ? and path is not null",
                    rs -> rs.getString(1), request.scope(), request.name(), rse.id())
                    .orElseGet(() -> Lfn2Pfn.path(algorithm, request.scope(), request.name()));
            Endpoint from = endpoints.get(i);
            Endpoint to = new Endpoint(rse, hop.destinationProtocol(), path2);
            intermediate.add(new IntermediateHop(ids.get(i), request.id(), ids.get(i + 1), request.scope(), request.name(), from.rse().id(),
                    rse.id(), path2, !rse.deterministic(), Map.of(hop.sourceProtocol().pfn(from.path()), from.rse().id().toString()), plan.bytes(), plan.adler32(),
                    plan.md5(), lifetime(attributes.get("multihop_tombstone_delay"))));
            endpoints.add(to);
        }
        endpoints.add(plan.destination());
        return new Chain(request, plan, path, intermediate, endpoints);
    }

    /**
     * How long a copy on an intermediate RSE is kept, from its {@code multihop_tombstone_delay}
     * attribute in seconds, as in Rucio: none or not a number, {@link #INTERMEDIATE_LIFETIME}; 0,
     * null (no tombstone: the copy stays until something else gives it one); negative, a negative
     * duration (the tombstone is the epoch: removed first).
     */
    static Duration lifetime(Object delay) {
        if (delay == null) {
            return INTERMEDIATE_LIFETIME;
        }
        try {
            long seconds = delay instanceof Number number ? number.longValue() : Long.parseLong(delay.toString().strip());
            return seconds == 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            return INTERMEDIATE_LIFETIME;
        }
    }

    /** Hands a path to the tool as one multi-hop job; the hops before the last end with the final request if it is refused. */
    private void submit(Chain chain, List<Submitted> submitted, List<Finished> failed) {
        boolean inProcess = context.tool() instanceof InProcessEngine;
        List<Hop> hops = chain.path().hops();
        List<TransferFile> files = new ArrayList<>(hops.size());
        List<Endpoint> from = new ArrayList<>();
        try {
            addHops(chain, hops, inProcess, files, from);
        } catch (LagunaException e) {
            refused(chain, "Could not prepare the transfer: " + e.getMessage(), failed);
            return;
        }
        Request request = chain.request();
        ConveyorSubmitter.Submission submission = ConveyorSubmitter.submitJob(context, files, request, true);
        if (submission.refusal() != null) {
            refused(chain, submission.refusal(), failed);
            return;
        }
        String jobId = submission.jobId();
        for (int i = 0; i < chain.hops().size(); i++) {
            IntermediateHop hop = chain.hops().get(i);
            submitted.add(new Submitted(hop.id(), jobId, hop.sourceRseId(), hop.sources(), hop.path(), hop.keepPath()));
        }
        Endpoint last = from.getLast();
        submitted.add(new Submitted(request.id(), jobId, last.rse().id(), Map.of(last.pfn(), last.rse().id().toString()),
                chain.plan().destination().path(), chain.plan().destinationKeepsPath(),
                chain.hops().stream().map(IntermediateHop::id).toList()));
    }

    private void addHops(Chain chain, List<Hop> hops, boolean inProcess, List<TransferFile> files, List<Endpoint> from) {
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            Endpoint at = chain.endpoints().get(i);
            Endpoint source = new Endpoint(at.rse(), hop.sourceProtocol(), at.path());
            Endpoint next = chain.endpoints().get(i + 1);
            Endpoint destination = new Endpoint(next.rse(), hop.destinationProtocol(), next.path());
            from.add(source);
            String id = i < hops.size() - 1 ? chain.hops().get(i).id().toString() : chain.request().id().toString();
            files.add(new TransferFile(id, List.of(ConveyorSubmitter.endpoint(context, source, inProcess, opened, false, chain.plan().bytes())),
                    ConveyorSubmitter.endpoint(context, destination, inProcess, opened, true, chain.plan().bytes()), chain.plan().bytes(),
                    chain.plan().adler32(),
                    chain.plan().md5()));
        }
    }

    private void refused(Chain chain, String reason, List<Finished> failed) {
        failed.add(new Finished(chain.request(), false, reason, null, false));
        List<UUID> ids = chain.hops().stream().map(IntermediateHop::id).toList();
        context.database().inTransactionVoid(tx -> ConveyorStore.hopsFailed(tx, ids, ids.stream().map(id -> reason).toList(),
                context.clock().instant()));
    }
}
