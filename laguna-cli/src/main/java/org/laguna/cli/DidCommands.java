package org.laguna.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code laguna did ...}. */
@Command(name = "did", mixinStandardHelpOptions = true, description = "Manage data identifiers: files, datasets, containers.",
        subcommands = {DidCommands.Add.class, DidCommands.Show.class, DidCommands.Ls.class, DidCommands.Content.class,
                DidCommands.Files.class, DidCommands.Parents.class, DidCommands.Attach.class, DidCommands.Detach.class,
                DidCommands.Close.class, DidCommands.Open.class, DidCommands.Meta.class})
final class DidCommands {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a dataset, container or file DID.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Option(names = "--type", defaultValue = "dataset", description = "file, dataset or container (default dataset).")
        String type;

        @Option(names = "--lifetime", description = "Seconds until the DID expires.")
        Long lifetime;

        @Option(names = "--monotonic", description = "Content can only be added, never removed.")
        boolean monotonic;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            client.dids().add(d.scope(), d.name(), type.toUpperCase(Locale.ROOT), lifetime, monotonic, Map.of());
            out.done("Added " + type.toLowerCase(Locale.ROOT) + " " + did, "added", "did", did, "type", type.toUpperCase(Locale.ROOT));
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a DID.")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            out.object(client.dids().get(d.scope(), d.name()));
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "Search DIDs of a scope: SCOPE:PATTERN with * wildcards, and metadata filters.")
    static final class Ls extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:PATTERN")
        String pattern;

        @Option(names = "--filter", description = "Conditions like 'run_number>40,project=cygno'; ';' separates alternatives.")
        String filter;

        @Option(names = "--type", defaultValue = "collection", description = "all, collection, dataset, container or file (default collection).")
        String type;

        @Option(names = "--long", description = "Show type, bytes and length too.")
        boolean longFormat;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, pattern);
            List<Map<String, Object>> groups = FilterText.parse(spec, filter, d.name());
            if (longFormat) {
                out.table(client.dids().search(d.scope(), groups, type.toLowerCase(Locale.ROOT), true),
                        "scope", "name", "did_type", "bytes", "length");
            } else {
                out.table(client.dids().search(d.scope(), groups, type.toLowerCase(Locale.ROOT), false), "name");
            }
        }
    }

    @Command(name = "content", mixinStandardHelpOptions = true, description = "List what a dataset or container holds.")
    static final class Content extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            out.table(client.dids().content(d.scope(), d.name()), "scope", "name", "type", "bytes");
        }
    }

    @Command(name = "files", mixinStandardHelpOptions = true, description = "List the files of a DID, recursively.")
    static final class Files extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            out.table(client.dids().files(d.scope(), d.name()), "scope", "name", "bytes", "adler32");
        }
    }

    @Command(name = "parents", mixinStandardHelpOptions = true, description = "List the collections a DID is attached to.")
    static final class Parents extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            out.table(client.dids().parents(d.scope(), d.name()), "scope", "name", "type");
        }
    }

    @Command(name = "attach", mixinStandardHelpOptions = true, description = "Attach DIDs to a dataset or container.")
    static final class Attach extends ClientCommand {
        @Option(names = "--to", required = true, paramLabel = "SCOPE:NAME")
        String target;

        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> children;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did t = Dids.parse(spec, target);
            client.dids().attach(t.scope(), t.name(), parse(children));
            out.done("Attached " + children.size() + " DID(s) to " + target, "attached", "to", target, "dids", children);
        }

        private List<Map<String, String>> parse(List<String> dids) {
            List<Map<String, String>> result = new ArrayList<>();
            dids.forEach(c -> result.add(Dids.parse(spec, c).asMap()));
            return result;
        }
    }

    @Command(name = "detach", mixinStandardHelpOptions = true, description = "Detach DIDs from a dataset or container.")
    static final class Detach extends ClientCommand {
        @Option(names = "--from", required = true, paramLabel = "SCOPE:NAME")
        String target;

        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> children;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did t = Dids.parse(spec, target);
            List<Map<String, String>> list = new ArrayList<>();
            children.forEach(c -> list.add(Dids.parse(spec, c).asMap()));
            client.dids().detach(t.scope(), t.name(), list);
            out.done("Detached " + children.size() + " DID(s) from " + target, "detached", "from", target, "dids", children);
        }
    }

    @Command(name = "close", mixinStandardHelpOptions = true, description = "Close a dataset or container: no more content.")
    static final class Close extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            client.dids().setOpen(d.scope(), d.name(), false);
            out.done("Closed " + did, "closed", "did", did);
        }
    }

    @Command(name = "open", mixinStandardHelpOptions = true, description = "Reopen a closed dataset or container.")
    static final class Open extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE:NAME")
        String did;

        @Override
        protected void run(LagunaClient client, Output out) {
            Dids.Did d = Dids.parse(spec, did);
            client.dids().setOpen(d.scope(), d.name(), true);
            out.done("Opened " + did, "opened", "did", did);
        }
    }

    @Command(name = "meta", mixinStandardHelpOptions = true, description = "Show, set or delete metadata.",
            subcommands = {Meta.ShowMeta.class, Meta.SetMeta.class, Meta.DeleteMeta.class})
    static final class Meta {
        @Command(name = "show", mixinStandardHelpOptions = true,
                description = "Show all metadata of a DID: the fixed keys (bytes, checksums, dates, ...) and the free keys set with `did meta set`.")
        static final class ShowMeta extends ClientCommand {
            @Parameters(index = "0", paramLabel = "SCOPE:NAME")
            String did;

            @Override
            protected void run(LagunaClient client, Output out) {
                Dids.Did d = Dids.parse(spec, did);
                out.object(client.dids().meta(d.scope(), d.name(), "ALL"));
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true, description = "Set a key; numbers and true/false are typed.")
        static final class SetMeta extends ClientCommand {
            @Parameters(index = "0", paramLabel = "SCOPE:NAME")
            String did;

            @Option(names = "--key", required = true)
            String key;

            @Option(names = "--value", required = true)
            String value;

            @Override
            protected void run(LagunaClient client, Output out) {
                Dids.Did d = Dids.parse(spec, did);
                client.dids().setMeta(d.scope(), d.name(), key, Dids.typed(value));
                out.done("Set " + key + " of " + did, "set", "did", did, "key", key, "value", Dids.typed(value));
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true)
        static final class DeleteMeta extends ClientCommand {
            @Parameters(index = "0", paramLabel = "SCOPE:NAME")
            String did;

            @Option(names = "--key", required = true)
            String key;

            @Override
            protected void run(LagunaClient client, Output out) {
                Dids.Did d = Dids.parse(spec, did);
                client.dids().deleteMeta(d.scope(), d.name(), key);
                out.done("Deleted " + key + " of " + did, "deleted", "did", did, "key", key);
            }
        }
    }

    private DidCommands() {
    }
}
