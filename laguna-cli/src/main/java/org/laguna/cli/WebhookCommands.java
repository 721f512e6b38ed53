package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code laguna webhook add|ls|update|rm|test|dead-letters|redeliver}: HTTP endpoints that receive Laguna's events (administrators). */
@Command(name = "webhook", mixinStandardHelpOptions = true, description = "Manage the webhooks events are POSTed to (administrators).",
        subcommands = {WebhookCommands.Add.class, WebhookCommands.ListWebhooks.class, WebhookCommands.Update.class, WebhookCommands.Remove.class,
                WebhookCommands.Test.class, WebhookCommands.DeadLetters.class, WebhookCommands.Redeliver.class})
final class WebhookCommands {
    private WebhookCommands() {
    }

    private static String path(String id, String... more) {
        List<String> parts = new ArrayList<>(List.of("webhooks", id));
        parts.addAll(List.of(more));
        return LagunaClient.path(parts.toArray(String[]::new));
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = {"Register a webhook: every event (or those of the types"
            + " given) is POSTed to URL as JSON, signed with HMAC-SHA256 under the secret (see docs/events.md).",
            "The secret is read from a file, from standard input, or asked for on the terminal; never given as an argument."})
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "URL", description = "http:// or https:// address the events are POSTed to.")
        String url;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type (repeat for more; default: all).")
        List<String> eventTypes = new ArrayList<>();

        @Option(names = "--disabled", description = "Register it without sending it anything yet.")
        boolean disabled;

        @Option(names = "--secret-file", paramLabel = "FILE", description = "Read the secret from the first line of this file.")
        Path secretFile;

        @Option(names = "--secret-stdin", description = "Read the secret from the first line of standard input.")
        boolean secretStdin;

        @Option(names = "--secret", paramLabel = "-", description = "Only '-': the same as --secret-stdin.")
        String secret;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("url", url);
            body.put("secret", secret());
            body.put("event_types", eventTypes);
            body.put("enabled", !disabled);
            JsonNode added = client.post("/webhooks", body);
            String id = added.path("id").asText();
            out.done("Added webhook " + id + " for " + url, "added", "id", id, "url", added.path("url").asText(),
                    "event_types", added.path("event_types"), "enabled", added.path("enabled").asBoolean());
        }

        private String secret() {
            if (secretFile == null) {
                return Secrets.read(spec.commandLine(), secret, secretStdin, "Secret of the webhook: ");
            }
            if (secretStdin || secret != null) {
                throw new ParameterException(spec.commandLine(), "Give the secret one way: --secret-file, or --secret-stdin");
            }
            try {
                String text = Files.readString(secretFile, StandardCharsets.UTF_8);
                int newline = text.indexOf('\n');
                return (newline < 0 ? text : text.substring(0, newline)).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the secret from " + secretFile, e);
            }
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List the webhooks, with the deliveries each is owed.")
    static final class ListWebhooks extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode hooks = client.get("/webhooks");
            out.table(StreamSupport.stream(hooks.spliterator(), false), "id", "url", "event_types", "enabled", "pending", "dead_letters",
                    "last_error");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Enable or disable a webhook, or set the event types it takes (--all-types: every type).")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--enable", description = "Send it events again (with those queued while it was disabled).")
        boolean enable;

        @Option(names = "--disable", description = "Give it no events until enabled again.")
        boolean disable;

        @Option(names = "--event-type", paramLabel = "TYPE", description = "Only events of this type (repeat for more).")
        List<String> eventTypes = new ArrayList<>();

        @Option(names = "--all-types", description = "Every event type.")
        boolean allTypes;

        @Override
        protected void run(LagunaClient client, Output out) {
            if (enable && disable || allTypes && !eventTypes.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Give --enable or --disable, and --event-type or --all-types, not both");
            }
            Map<String, Object> body = new LinkedHashMap<>();
            if (enable || disable) {
                body.put("enabled", enable);
            }
            if (allTypes || !eventTypes.isEmpty()) {
                body.put("event_types", eventTypes);
            }
            if (body.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Nothing to change: give --enable, --disable, --event-type or --all-types");
            }
            JsonNode updated = client.put(path(id), body);
            out.done("Updated webhook " + id, "updated", "id", id, "event_types", updated.path("event_types"),
                    "enabled", updated.path("enabled").asBoolean());
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Remove a webhook and the deliveries it is still owed.")
    static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.delete(path(id), null);
            out.done("Removed webhook " + id, "removed", "id", id);
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true, description = {"POST a signed webhook_test event to a webhook now and"
            + " show what it answered.", "Exit code 1 when it did not answer 2xx."})
    static final class Test extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode result = client.post(path(id, "test"), Map.of());
            out.object(result);
            exitCode = result.path("ok").asBoolean() ? 0 : LagunaCli.EXIT_ERROR;
        }
    }

    @Command(name = "dead-letters", mixinStandardHelpOptions = true,
            description = "List a webhook's dead letters (deliveries that failed every attempt), newest first.")
    static final class DeadLetters extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--before-id", paramLabel = "N", description = "Only dead letters with a smaller id (to page).")
        Long beforeId;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected void run(LagunaClient client, Output out) {
            String query = "?" + LagunaClient.query("limit", Integer.toString(limit))
                    + (beforeId == null ? "" : "&" + LagunaClient.query("before_id", Long.toString(beforeId)));
            JsonNode letters = client.get(path(id, "dead_letters") + query);
            out.table(StreamSupport.stream(letters.spliterator(), false), "id", "message_id", "event_type", "ordering_key", "attempts",
                    "last_status", "last_error", "failed_at");
        }
    }

    @Command(name = "redeliver", mixinStandardHelpOptions = true,
            description = "Deliver a webhook's dead letters again (all of them, or those whose ids are given), in event order.")
    static final class Redeliver extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Parameters(index = "1..*", paramLabel = "DEAD_LETTER_ID", description = "Only these dead letters.")
        List<Long> letters = new ArrayList<>();

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode result = client.post(path(id, "dead_letters"), letters.isEmpty() ? Map.of() : Map.of("ids", letters));
            int count = result.path("redelivered").asInt();
            out.done("Redelivering " + count + " dead letter(s) of webhook " + id, "redelivered", "id", id, "count", count);
        }
    }
}
