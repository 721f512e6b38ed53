package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code laguna rse ...}. */
@Command(name = "rse", mixinStandardHelpOptions = true, description = "Manage storage elements (RSEs).",
        subcommands = {RseCommands.Add.class, RseCommands.Show.class, RseCommands.ListRses.class, RseCommands.Update.class,
                RseCommands.Delete.class, RseCommands.Attribute.class, RseCommands.Protocol.class, RseCommands.Distance.class,
                RseCommands.Limit.class, RseCommands.Usage.class, RseCheckCommand.class, RseCommands.Export.class,
                RseCommands.Import.class})
final class RseCommands {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RseCommands() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an RSE.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RSE")
        String rse;

        @Option(names = "--non-deterministic", description = "Paths are given per file instead of computed.")
        boolean nonDeterministic;

        @Option(names = "--type", defaultValue = "DISK", description = "DISK or TAPE (default DISK).")
        String type;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("deterministic", !nonDeterministic);
            settings.put("rse_type", type);
            client.rses().add(rse, settings);
            out.done("Added RSE " + rse, "added", "rse", rse);
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
            description = "Export every RSE with its attributes, protocols and limits, and the distances (administrators).")
    static final class Export extends ClientCommand {
        @Option(names = "--file", paramLabel = "FILE", description = "Write the export to FILE instead of printing it.")
        Path file;

        @Option(names = "--no-distances", description = "Leave the distances out.")
        boolean noDistances;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode data = client.rses().exportData(!noDistances);
            if (file == null) {
                out.object(data);
                return;
            }
            try {
                Files.writeString(file, data.toPrettyString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
            }
            out.done("Exported " + data.path("rses").size() + " RSEs to " + file, "exported", "file", file.toString(),
                    "rses", data.path("rses").size());
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import RSEs and distances from a file in the format of 'rse export' (administrators).",
                    "RSEs are added or changed; the attributes, protocols and limits given are set, others stay. All or nothing."})
    static final class Import extends ClientCommand {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode data;
            try {
                data = JSON.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new ParameterException(new CommandLine(this), "cannot read " + file + " as JSON: " + e.getMessage());
            }
            client.rses().importData(data);
            out.done("Imported " + data.path("rses").size() + " RSEs and the distances of " + data.path("distances").size()
                    + " RSEs from " + file, "imported", "file", file.toString(), "rses", data.path("rses").size());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an RSE with its attributes and protocols.")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RSE")
        String rse;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode info = client.rses().get(rse);
            if (out.json()) {
                out.object(info);
                return;
            }
            out.object(info);
            out.line("");
            out.line("Attributes:");
            out.object(client.rses().attributes(rse));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List RSEs, all or those an RSE expression selects.")
    static final class ListRses extends ClientCommand {
        @Option(names = "--expression", description = "e.g. 'tier=1&country=IT', 'CNAF|CERN', 'type=DISK\\\\site=X'")
        String expression;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.rses().list(expression), "rse");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a setting (availability_write, city, ...).")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RSE")
        String rse;

        @Option(names = "--key", required = true)
        String key;

        @Option(names = "--value", required = true)
        String value;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.rses().update(rse, Map.of(key, Dids.typed(value)));
            out.done("Updated " + key + " of " + rse, "updated", "rse", rse, "key", key, "value", Dids.typed(value));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an empty RSE.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RSE")
        String rse;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.rses().delete(rse);
            out.done("Deleted RSE " + rse, "deleted", "rse", rse);
        }
    }

    @Command(name = "attribute", mixinStandardHelpOptions = true, description = "List, set or delete RSE attributes.",
            subcommands = {Attribute.ListAttributes.class, Attribute.SetAttribute.class, Attribute.DeleteAttribute.class})
    static final class Attribute {
        private static final AttributeCommands.Kind RSE = new AttributeCommands.Kind("rse",
                (client, rse) -> client.rses().attributes(rse),
                (client, rse, key, value) -> client.rses().setAttribute(rse, key, value),
                (client, rse, key) -> client.rses().deleteAttribute(rse, key),
                "set", text -> text, (rse, key, value) -> "Set attribute " + key + "=" + value + " on " + rse);

        @Command(name = "list", mixinStandardHelpOptions = true)
        static final class ListAttributes extends AttributeCommands.ListAttributes {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            ListAttributes() {
                super(RSE);
            }

            @Override
            String object() {
                return rse;
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true)
        static final class SetAttribute extends AttributeCommands.WriteAttribute {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            SetAttribute() {
                super(RSE);
            }

            @Override
            String object() {
                return rse;
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true)
        static final class DeleteAttribute extends AttributeCommands.DeleteAttribute {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            DeleteAttribute() {
                super(RSE);
            }

            @Override
            String object() {
                return rse;
            }
        }
    }

    @Command(name = "protocol", mixinStandardHelpOptions = true, description = "Add, list or delete protocols.",
            subcommands = {Protocol.AddProtocol.class, Protocol.ListProtocols.class, Protocol.DeleteProtocol.class})
    static final class Protocol {
        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a protocol (default priorities: 1 everywhere).")
        static final class AddProtocol extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            @Option(names = "--scheme", required = true, description = "file, s3, davs, https, root, ...")
            String scheme;

            @Option(names = "--hostname", defaultValue = "localhost")
            String hostname;

            @Option(names = "--port", defaultValue = "0")
            int port;

            @Option(names = "--prefix", defaultValue = "/")
            String prefix;

            @Option(names = "--impl", description = "Implementation name (default: derived from the scheme).")
            String impl;

            @Option(names = "--domain-json", description = "Priorities, e.g. '{\"wan\": {\"read\": 1, \"write\": 1, \"delete\": 1}}'.")
            String domains;

            @Override
            protected void run(LagunaClient client, Output out) {
                Map<String, Object> protocol = new LinkedHashMap<>();
                protocol.put("hostname", hostname);
                protocol.put("port", port);
                protocol.put("prefix", prefix);
                protocol.put("impl", impl != null ? impl : scheme.equals("file") ? "rucio.rse.protocols.posix.Default"
                        : "rucio.rse.protocols.gfal.Default");
                protocol.put("domains", domains != null ? CliJson.object(spec, "--domain-json", domains) : Map.of(
                        "lan", Map.of("read", 1, "write", 1, "delete", 1),
                        "wan", Map.of("read", 1, "write", 1, "delete", 1, "third_party_copy_read", 1, "third_party_copy_write", 1)));
                client.rses().addProtocol(rse, scheme, protocol);
                out.done("Added protocol " + scheme + " to " + rse, "added", "rse", rse, "scheme", scheme);
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true)
        static final class ListProtocols extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            @Override
            protected void run(LagunaClient client, Output out) {
                out.table(StreamSupport.stream(client.rses().protocols(rse).spliterator(), false),
                        "scheme", "hostname", "port", "prefix", "/domains/wan/read", "/domains/wan/write", "impl");
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true)
        static final class DeleteProtocol extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            @Option(names = "--scheme", required = true)
            String scheme;

            @Override
            protected void run(LagunaClient client, Output out) {
                client.rses().deleteProtocol(rse, scheme);
                out.done("Deleted protocol " + scheme + " of " + rse, "deleted", "rse", rse, "scheme", scheme);
            }
        }
    }

    @Command(name = "distance", mixinStandardHelpOptions = true, description = "Show or set the distance between two RSEs.",
            subcommands = {Distance.ShowDistance.class, Distance.SetDistance.class})
    static final class Distance {
        @Command(name = "show", mixinStandardHelpOptions = true)
        static final class ShowDistance extends ClientCommand {
            @Parameters(index = "0", paramLabel = "SOURCE")
            String source;

            @Parameters(index = "1", paramLabel = "DESTINATION")
            String destination;

            @Override
            protected void run(LagunaClient client, Output out) {
                out.table(StreamSupport.stream(client.rses().distance(source, destination).spliterator(), false),
                        "src_rse", "dest_rse", "distance");
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true)
        static final class SetDistance extends ClientCommand {
            @Parameters(index = "0", paramLabel = "SOURCE")
            String source;

            @Parameters(index = "1", paramLabel = "DESTINATION")
            String destination;

            @Option(names = "--distance", required = true)
            int distance;

            @Override
            protected void run(LagunaClient client, Output out) {
                boolean exists = client.rses().distance(source, destination).size() > 0;
                client.rses().setDistance(source, destination, distance, !exists);
                out.done("Distance " + source + " -> " + destination + " is " + distance, "set", "source", source, "destination", destination, "distance", distance);
            }
        }
    }

    @Command(name = "limit", mixinStandardHelpOptions = true, description = "Show, set or delete RSE limits (MinFreeSpace, ...).",
            subcommands = {Limit.ShowLimit.class, Limit.SetLimit.class, Limit.DeleteLimit.class})
    static final class Limit {
        @Command(name = "show", mixinStandardHelpOptions = true)
        static final class ShowLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            @Override
            protected void run(LagunaClient client, Output out) {
                out.object(client.rses().limits(rse));
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true)
        static final class SetLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            @Option(names = "--name", required = true)
            String name;

            @Option(names = "--value", required = true)
            long value;

            @Override
            protected void run(LagunaClient client, Output out) {
                client.rses().setLimit(rse, name, value);
                out.done("Set limit " + name + "=" + value + " on " + rse, "set", "rse", rse, "name", name, "value", value);
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true)
        static final class DeleteLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "RSE")
            String rse;

            @Option(names = "--name", required = true)
            String name;

            @Override
            protected void run(LagunaClient client, Output out) {
                client.rses().deleteLimit(rse, name);
                out.done("Deleted limit " + name + " of " + rse, "deleted", "rse", rse, "name", name);
            }
        }
    }

    @Command(name = "usage", mixinStandardHelpOptions = true, description = "Show an RSE's usage per source.")
    static final class Usage extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RSE")
        String rse;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.rses().usage(rse), "source", "used", "free", "files", "updated_at");
        }
    }
}
