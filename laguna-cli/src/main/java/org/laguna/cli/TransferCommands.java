package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code laguna transfers ...}. */
@Command(name = "transfers", mixinStandardHelpOptions = true, description = "Transfer statistics.",
        subcommands = {TransferCommands.Matrix.class})
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
        com.fasterxml.jackson.databind.node.ObjectNode copy = link.deepCopy();
        copy.put("source_rse", "-");
        return copy;
    }
}
