package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code laguna events ls}: the outbox of events, pending or sent (administrators). */
@Command(name = "events", mixinStandardHelpOptions = true, description = "Inspect the events Laguna sends out (administrators).",
        subcommands = {EventCommands.ListEvents.class})
final class EventCommands {
    private EventCommands() {
    }

    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = {"List events, newest first: those waiting for delivery, or with --sent those delivered (the history)."})
    static final class ListEvents extends ClientCommand {
        @Option(names = "--sent", description = "List the delivered events instead of the pending ones.")
        boolean sent;

        @Option(names = "--type", paramLabel = "EVENT_TYPE", description = "Only events of this type (e.g. transfer-done, RULE_OK).")
        String type;

        @Option(names = "--before-id", paramLabel = "ID", description = "Only events with a smaller id (to page through a long list).")
        Long beforeId;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many events (default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected void run(LagunaClient client, Output out) {
            List<String> query = new ArrayList<>();
            query.add(LagunaClient.query("sent", Boolean.toString(sent)));
            query.add(LagunaClient.query("limit", Integer.toString(limit)));
            if (type != null) {
                query.add(LagunaClient.query("event_type", type));
            }
            if (beforeId != null) {
                query.add(LagunaClient.query("before_id", Long.toString(beforeId)));
            }
            JsonNode events = client.get("/messages?" + String.join("&", query));
            out.table(StreamSupport.stream(events.spliterator(), false), "id", "event_type", "ordering_key", "delivered_to", "created_at");
        }
    }
}
