package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code laguna transfers ...}: the transfer matrix, limits of active transfers, and the metrics per link. */
@Command(name = "transfers", mixinStandardHelpOptions = true, description = "Transfer matrix, limits and metrics.",
        subcommands = {TransferCommands.Matrix.class, TransferCommands.Limits.class, TransferCommands.Metrics.class})
final class TransferCommands {
    private TransferCommands() {
    }

    @Command(name = "matrix", mixinStandardHelpOptions = true,
            description = "Transfers done and failed and bytes moved per source and destination RSE.")
    static final class Matrix extends ClientCommand {
        @Option(names = "--hours", defaultValue = "24", description = "The window, in hours up to now (default ${DEFAULT-VALUE}).")
        int hours;

        @Override
        protected void run(LagunaClient client, Output out) {
            if (hours < 1) {
                throw new ParameterException(spec.commandLine(), "--hours must be at least 1, got " + hours);
            }
            JsonNode matrix = client.transfers().matrix(hours);
            if (out.json()) {
                out.line(matrix.toString());
                return;
            }
            out.line("Transfers since " + matrix.path("since").asText() + ":");
            out.table(StreamSupport.stream(matrix.path("links").spliterator(), false).map(TransferCommands::withSource),
                    "source_rse", "dest_rse", "done", "failed", "bytes");
        }
    }

    private static JsonNode withSource(JsonNode link) {
        if (!link.path("source_rse").isNull()) {
            return link;
        }
        ObjectNode copy = link.deepCopy();
        copy.put("source_rse", "-");
        return copy;
    }

    @Command(name = "limits", mixinStandardHelpOptions = true, description = "List, set or delete limits of active transfers into RSEs.",
            subcommands = {Limits.ListLimits.class, Limits.SetLimit.class, Limits.DeleteLimit.class})
    static final class Limits {
        @Command(name = "list", mixinStandardHelpOptions = true, description = "The limits, with the transfers active and waiting now.")
        static final class ListLimits extends ClientCommand {
            @Override
            protected void run(LagunaClient client, Output out) {
                try (Stream<JsonNode> rows = client.transfers().limits()) {
                    out.table(rows, "rse_expression", "activity", "direction", "max_transfers", "transfers", "waitings");
                }
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true, description = "At most N transfers active at once into each RSE of the expression.")
        static final class SetLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE_EXPRESSION")
            String expression;

            @Parameters(index = "1", paramLabel = "N")
            long max;

            @Option(names = "--activity", description = "Only transfers of this activity (default: all).")
            String activity;

            @Override
            protected void run(LagunaClient client, Output out) {
                client.transfers().setLimit(expression, activity, max);
                out.done("Set the limit of " + expression + (activity == null ? "" : " (" + activity + ")") + " to " + max + " active transfers",
                        "set", "rse_expression", expression, "activity", activity, "max_transfers", max);
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a limit.")
        static final class DeleteLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE_EXPRESSION")
            String expression;

            @Option(names = "--activity", description = "The limit of this activity (default: the one for all).")
            String activity;

            @Override
            protected void run(LagunaClient client, Output out) {
                client.transfers().deleteLimit(expression, activity);
                out.done("Deleted the limit of " + expression + (activity == null ? "" : " (" + activity + ")"), "deleted",
                        "rse_expression", expression, "activity", activity);
            }
        }
    }

    @Command(name = "metrics", mixinStandardHelpOptions = true, description = "Files and bytes per link: queued, submitted, done and failed.")
    static final class Metrics extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            try (Stream<JsonNode> rows = client.transfers().metrics()) {
                out.table(rows.map(Metrics::flat), "src_rse", "dst_rse", "distance", "queued", "submitted", "done_1h", "failed_1h");
            }
        }

        private static JsonNode flat(JsonNode link) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.set("src_rse", link.get("src_rse"));
            row.set("dst_rse", link.get("dst_rse"));
            row.set("distance", link.get("distance"));
            row.put("queued", link.at("/files/queued-total").asLong());
            row.put("submitted", link.at("/files/submitted-total").asLong());
            row.put("done_1h", link.at("/files/done-total-1h").asLong());
            row.put("failed_1h", link.at("/files/failed-total-1h").asLong());
            return row;
        }
    }
}
