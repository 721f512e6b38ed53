package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code laguna replica ...}. */
@Command(name = "replica", mixinStandardHelpOptions = true, description = "List, register and delete file replicas.",
        subcommands = {ReplicaCommands.ListReplicas.class, ReplicaCommands.Add.class, ReplicaCommands.Delete.class,
                ReplicaCommands.State.class, ReplicaCommands.DeclareBad.class, ReplicaCommands.DeclareSuspicious.class,
                ReplicaCommands.Suspicious.class})
final class ReplicaCommands {
    private ReplicaCommands() {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the replicas of files, datasets or containers.")
    static final class ListReplicas extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> dids;

        @Option(names = "--rse", description = "Only replicas on the RSEs of this expression.")
        String rseExpression;

        @Option(names = "--scheme", description = "Only PFNs of these protocol schemes.")
        List<String> schemes;

        @Option(names = "--all-states", description = "Also replicas that are not AVAILABLE.")
        boolean allStates;

        @Override
        protected void run(LagunaClient client, Output out) {
            List<Map<String, String>> list = new ArrayList<>();
            dids.forEach(d -> list.add(Dids.parse(spec, d).asMap()));
            Stream<JsonNode> files = client.replicas().list(list, schemes, rseExpression, allStates);
            if (out.json()) {
                out.table(files);
                return;
            }
            out.table(files.flatMap(ReplicaCommands::rows), "scope", "name", "bytes", "adler32", "rse", "state", "pfn");
        }
    }

    /** One table row per replica PFN (or one per file without replicas). */
    static Stream<JsonNode> rows(JsonNode file) {
        List<JsonNode> rows = new ArrayList<>();
        JsonNode rses = file.path("rses");
        rses.fieldNames().forEachRemaining(rse -> rses.get(rse).forEach(pfn -> {
            var row = file.deepCopy();
            ObjectNode o = (ObjectNode) row;
            o.put("rse", rse);
            o.put("state", file.path("states").path(rse).asText());
            o.put("pfn", pfn.asText());
            rows.add(o);
        }));
        if (rows.isEmpty()) {
            rows.add(file);
        }
        return rows.stream();
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Register a replica of a file that is already on storage.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Option(names = "--rse", required = true)
        String rse;

        @Option(names = "--bytes", required = true)
        long bytes;

        @Option(names = "--adler32")
        String adler32;

        @Option(names = "--md5")
        String md5;

        @Option(names = "--pfn", description = "Needed on non-deterministic RSEs.")
        String pfn;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("scope", d.scope());
            file.put("name", d.name());
            file.put("bytes", bytes);
            if (adler32 != null) {
                file.put("adler32", adler32);
            }
            if (md5 != null) {
                file.put("md5", md5);
            }
            if (pfn != null) {
                file.put("pfn", pfn);
            }
            client.replicas().add(rse, List.of(file));
            out.done("Registered " + did + " on " + rse, "registered", "did", did, "rse", rse);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove replicas from the catalogue.")
    static final class Delete extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> dids;

        @Option(names = "--rse", required = true)
        String rse;

        @Override
        protected void run(LagunaClient client, Output out) {
            List<Map<String, String>> list = new ArrayList<>();
            dids.forEach(d -> list.add(Dids.parse(spec, d).asMap()));
            client.replicas().delete(rse, list);
            out.done("Deleted " + list.size() + " replica(s) on " + rse, "deleted", "rse", rse, "dids", dids);
        }
    }

    @Command(name = "state", mixinStandardHelpOptions = true, description = "Set the state of replicas.")
    static final class State extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> dids;

        @Option(names = "--rse", required = true)
        String rse;

        @Option(names = "--state", required = true, description = "AVAILABLE, UNAVAILABLE, COPYING, BAD, TEMPORARY_UNAVAILABLE")
        String state;

        @Override
        protected void run(LagunaClient client, Output out) {
            List<Map<String, Object>> list = new ArrayList<>();
            dids.forEach(d -> {
                Dids.Did did = Dids.parse(spec, d);
                list.add(Map.of("scope", did.scope(), "name", did.name(), "state", state));
            });
            client.replicas().updateStates(rse, list);
            out.done("Set " + list.size() + " replica(s) on " + rse + " to " + state, "set", "rse", rse, "state", state, "dids", dids);
        }
    }

    /** Says how many PFNs were declared; shows the ones the server could not declare and fails if there are any. */
    private static void reportDeclared(Output out, JsonNode failed, int declared, String state) {
        if (failed == null || failed.isEmpty()) {
            out.done("Declared " + declared + " replica(s) " + state, "declared", "state", state, "count", declared);
            return;
        }
        out.object(failed);
        throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND,
                "Some replicas could not be declared " + state);
    }

    @Command(name = "declare-bad", mixinStandardHelpOptions = true, description = "Declare replicas bad by PFN.")
    static final class DeclareBad extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "PFN")
        List<String> pfns;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        protected void run(LagunaClient client, Output out) {
            reportDeclared(out, client.replicas().declareBad(pfns, reason), pfns.size(), "bad");
        }
    }

    @Command(name = "declare-suspicious", mixinStandardHelpOptions = true,
            description = "Declare replicas suspicious by PFN (enough declarations make a replica bad).")
    static final class DeclareSuspicious extends ClientCommand {
        @Parameters(arity = "1..*", paramLabel = "PFN")
        List<String> pfns;

        @Option(names = "--reason", required = true)
        String reason;

        @Override
        protected void run(LagunaClient client, Output out) {
            reportDeclared(out, client.replicas().declareSuspicious(pfns, reason), pfns.size(), "suspicious");
        }
    }

    @Command(name = "suspicious", mixinStandardHelpOptions = true, description = "Replicas declared suspicious.",
            subcommands = {ReplicaCommands.ListSuspicious.class})
    static final class Suspicious {
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List replicas declared suspicious; last_copy marks the last available copy of a file, reported, never declared bad.")
    static final class ListSuspicious extends ClientCommand {
        @Option(names = "--rse", description = "Only replicas on the RSEs of this expression.")
        String rseExpression;

        @Option(names = "--younger-than", description = "Only declarations since this UTC time, YYYY-MM-DDTHH:MM:SS (default: the server's window).")
        String youngerThan;

        @Option(names = "--nattempts", description = "Only replicas declared at least this many times.", defaultValue = "0")
        int nattempts;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode list = client.replicas().listSuspicious(rseExpression, youngerThan, nattempts);
            List<JsonNode> rows = new ArrayList<>();
            list.forEach(rows::add);
            out.table(rows.stream(), "scope", "name", "rse", "cnt", "created_at", "last_copy");
        }
    }
}
