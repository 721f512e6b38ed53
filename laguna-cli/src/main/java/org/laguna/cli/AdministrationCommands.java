package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.laguna.client.AdministrationApi;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code laguna lifetime-exception ...}, {@code laguna server-config ...} and
 * {@code laguna meta-convention ...}: lifetime exceptions, the server's database configuration and
 * metadata conventions.
 */
final class AdministrationCommands {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] EXCEPTION_COLUMNS = {"id", "scope", "name", "did_type", "account", "state", "expires_at", "comments"};

    private AdministrationCommands() {
    }

    @Command(name = "lifetime-exception", mixinStandardHelpOptions = true,
            description = "Ask that DIDs outlive their expiry; list, show, approve and reject such requests.",
            subcommands = {LifetimeAdd.class, LifetimeList.class, LifetimeShow.class, LifetimeApprove.class, LifetimeReject.class})
    static final class LifetimeExceptions {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Ask for a lifetime exception for DIDs (SCOPE:NAME ...).")
    static final class LifetimeAdd extends ClientCommand {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
        List<String> dids;

        @Option(names = "--comment", required = true, description = "Why the DIDs must stay.")
        String comment;

        @Option(names = "--expires-at", description = "When the exception ends (2027-06-30T00:00:00 or 'Wed, 30 Jun 2027 00:00:00 UTC').")
        String expiresAt;

        @Option(names = "--pattern", description = "A pattern stored with the request.")
        String pattern;

        @Override
        protected void run(LagunaClient client, Output out) {
            List<Map<String, String>> refs = new ArrayList<>();
            for (String did : dids) {
                refs.add(Dids.parse(spec, did).asMap());
            }
            JsonNode answer = new AdministrationApi(client).addLifetimeException(refs, pattern, comment, expiresAt);
            List<String> ids = new ArrayList<>();
            answer.path("exceptions").fieldNames().forEachRemaining(ids::add);
            List<String> unknown = new ArrayList<>();
            answer.path("unknown").forEach(d -> unknown.add(d.path("scope").asText() + ":" + d.path("name").asText()));
            String text = ids.isEmpty() ? "No exception requested: no DID given is known" : "Requested lifetime exception " + ids.get(0)
                    + " (waiting for approval)";
            if (!unknown.isEmpty()) {
                text += "; unknown DIDs: " + String.join(", ", unknown);
            }
            out.done(text, "added", "id", ids.isEmpty() ? null : ids.get(0), "unknown", unknown);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List lifetime exceptions, one line per DID.")
    static final class LifetimeList extends ClientCommand {
        @Option(names = "--state", description = "Only these states: APPROVED, REJECTED, WAITING (or A, R, W), comma-separated.")
        String state;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(new AdministrationApi(client).listLifetimeExceptions(state), EXCEPTION_COLUMNS);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a lifetime exception's DIDs and state.")
    static final class LifetimeShow extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(new AdministrationApi(client).lifetimeException(id), EXCEPTION_COLUMNS);
        }
    }

    /** Approve and reject. */
    abstract static class LifetimeDecision extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        abstract String state();

        @Override
        protected void run(LagunaClient client, Output out) {
            new AdministrationApi(client).setLifetimeExceptionState(id, state());
            String result = state().toLowerCase(Locale.ROOT);
            out.done("Lifetime exception " + id + " " + result, result, "id", id);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a lifetime exception (administrators).")
    static final class LifetimeApprove extends LifetimeDecision {
        @Override
        String state() {
            return "APPROVED";
        }
    }

    @Command(name = "reject", mixinStandardHelpOptions = true, description = "Reject a lifetime exception (administrators).")
    static final class LifetimeReject extends LifetimeDecision {
        @Override
        String state() {
            return "REJECTED";
        }
    }

    @Command(name = "server-config", mixinStandardHelpOptions = true,
            description = "Read and change the server's database configuration (administrators; see docs/configuration.md for the keys "
                    + "that take effect at once).",
            subcommands = {ConfigList.class, ConfigGet.class, ConfigSet.class, ConfigDelete.class})
    static final class ServerConfig {
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every option, or those of one SECTION.")
    static final class ConfigList extends ClientCommand {
        @Parameters(arity = "0..1", paramLabel = "SECTION")
        String section;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode config = new AdministrationApi(client).config(section);
            List<JsonNode> rows = new ArrayList<>();
            if (section != null) {
                config.properties().forEach(o -> rows.add(row(section, o.getKey(), o.getValue().asText())));
            } else {
                config.properties().forEach(s -> s.getValue().properties().forEach(o -> rows.add(row(s.getKey(), o.getKey(),
                        o.getValue().asText()))));
            }
            out.table(rows.stream(), "section", "option", "value");
        }

        private static JsonNode row(String section, String option, String value) {
            ObjectNode row = JSON.createObjectNode();
            row.put("section", section);
            row.put("option", option);
            row.put("value", value);
            return row;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one option's value.")
    static final class ConfigGet extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SECTION")
        String section;

        @Parameters(index = "1", paramLabel = "OPTION")
        String option;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode value = new AdministrationApi(client).configOption(section, option);
            if (out.json()) {
                ObjectNode node = JSON.createObjectNode();
                node.put("section", section);
                node.put("option", option);
                node.set("value", value);
                out.object(node);
            } else {
                out.line(value.asText());
            }
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = "Set an option, e.g. server-config set reaper batch 500.")
    static final class ConfigSet extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SECTION")
        String section;

        @Parameters(index = "1", paramLabel = "OPTION")
        String option;

        @Parameters(index = "2", paramLabel = "VALUE")
        String value;

        @Override
        protected void run(LagunaClient client, Output out) {
            new AdministrationApi(client).setConfigOption(section, option, value);
            out.done("Set " + section + "." + option + " = " + value, "set", "section", section, "option", option, "value", value);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove an option, or a whole SECTION without OPTION.")
    static final class ConfigDelete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SECTION")
        String section;

        @Parameters(index = "1", arity = "0..1", paramLabel = "OPTION")
        String option;

        @Override
        protected void run(LagunaClient client, Output out) {
            new AdministrationApi(client).deleteConfig(section, option);
            out.done("Removed " + section + (option == null ? "" : "." + option), "deleted", "section", section, "option", option);
        }
    }

    @Command(name = "meta-convention", mixinStandardHelpOptions = true,
            description = "Metadata keys with their types and allowed values, checked when DIDs get metadata.",
            subcommands = {MetaAddKey.class, MetaListKeys.class, MetaAddValue.class, MetaListValues.class})
    static final class MetaConvention {
    }

    @Command(name = "add-key", mixinStandardHelpOptions = true, description = "Add a key (administrators).")
    static final class MetaAddKey extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Option(names = "--key-type", defaultValue = "ALL", description = "DIDs the key is for: ALL, COLLECTION, CONTAINER, DATASET, FILE, "
                + "DERIVED (default ${DEFAULT-VALUE}).")
        String keyType;

        @Option(names = "--value-type", description = "The values' type: str, int or float.")
        String valueType;

        @Option(names = "--value-regexp", description = "A regular expression the values must match from their start.")
        String valueRegexp;

        @Option(names = "--enum", description = "DIDs may take only the values added with add-value.")
        boolean isEnum;

        @Override
        protected void run(LagunaClient client, Output out) {
            new AdministrationApi(client).addMetaKey(key, keyType, valueType, valueRegexp, isEnum);
            out.done("Added key " + key, "added", "key", key, "key_type", keyType);
        }
    }

    @Command(name = "list-keys", mixinStandardHelpOptions = true, description = "List the keys with a convention.")
    static final class MetaListKeys extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            values(out, new AdministrationApi(client).metaKeys(), "key");
        }
    }

    @Command(name = "add-value", mixinStandardHelpOptions = true, description = "Allow a value for a key (administrators); numbers are "
            + "sent as numbers.")
    static final class MetaAddValue extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Override
        protected void run(LagunaClient client, Output out) {
            Object typed = Dids.typed(value);
            new AdministrationApi(client).addMetaValue(key, typed instanceof Boolean ? value : typed);
            out.done("Added value " + value + " to key " + key, "added", "key", key, "value", value);
        }
    }

    @Command(name = "list-values", mixinStandardHelpOptions = true, description = "List a key's allowed values.")
    static final class MetaListValues extends ClientCommand {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Override
        protected void run(LagunaClient client, Output out) {
            values(out, new AdministrationApi(client).metaValues(key), "value");
        }
    }

    private static void values(Output out, JsonNode list, String column) {
        List<JsonNode> rows = new ArrayList<>();
        list.forEach(v -> rows.add(JSON.createObjectNode().put(column, v.asText())));
        out.table(rows.stream(), column);
    }
}
