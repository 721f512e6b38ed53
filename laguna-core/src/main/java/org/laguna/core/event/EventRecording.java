package org.laguna.core.event;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.db.Database;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Which events the outbox records, from {@code events.record}: {@code all} (the default), {@code none},
 * or a comma-separated list of event types. Writing an event costs a row built in the same statement
 * as its change (a rule on 100,000 files writes 200,000 {@code transfer-queued}); an installation that
 * delivers no events, or only some, need not pay for the others. Every node writes the setting into
 * the catalogue when it starts, so all nodes of one catalogue are to be given the same value.
 *
 * @param types the event types recorded; {@code *} for all
 */
public record EventRecording(Set<String> types) {
    public static final String KEY = "events.record";
    public static final EventRecording ALL = new EventRecording(Set.of("*"));

    public EventRecording {
        types = Set.copyOf(Objects.requireNonNull(types, "types is null"));
    }

    public static EventRecording from(ConfigSource source) {
        return parse(source.get(KEY).orElse("all"));
    }

    /** Parses the setting's value; an unknown event type is refused, naming it and the setting. */
    public static EventRecording parse(String value) {
        String text = value.strip();
        switch (text.toLowerCase(Locale.ROOT)) {
            case "all", "*" -> {
                return ALL;
            }
            case "none", "" -> {
                return new EventRecording(Set.of());
            }
            default -> {
                Set<String> types = new LinkedHashSet<>();
                for (String part : Arrays.stream(text.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList()) {
                    String known = EventTypes.ALL.stream().filter(t -> t.equalsIgnoreCase(part)).findFirst()
                            .orElseThrow(() -> new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, KEY + ": unknown event type '" + part
                                    + "' (all, none, or a list of: " + String.join(", ", EventTypes.ALL.stream().sorted().toList()) + ")"));
                    types.add(known);
                }
                return new EventRecording(types);
            }
        }
    }

    /** Whether events of the type are recorded. */
    public boolean records(String eventType) {
        return types.contains("*") || types.contains(eventType);
    }

    /** Makes the catalogue record what this setting says, in one transaction. */
    public void apply(Database database) {
        database.inTransactionVoid(tx -> {
            Set<String> current = Set.copyOf(tx.query("select event_type from outbox_wanted", rs -> rs.getString(1)));
            if (current.equals(types)) {
                return;
            }
            tx.update("delete from outbox_wanted");
            for (String type : types) {
                tx.update("insert into outbox_wanted (event_type) values (?)", type);
            }
        });
    }
}
