package org.laguna.core.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

/**
 * The hermes daemon: delivers the outbox to every destination. Each cycle reads the oldest
 * pending events of its slice (a slice is a set of ordering keys, so one instance has all the
 * events of a DID), gives each destination the events it does not have yet, in order, and then
 * records in one short transaction what each destination confirmed: events every destination has
 * go to the history, the others keep the list of destinations that have them. An event is sent
 * again when the process dies before that record (at least once); a destination that fails keeps
 * its events pending, and the events after the first it did not confirm wait too (order per DID).
 * With no destination configured the events go straight to the history.
 */
public final class Hermes implements Daemon, AutoCloseable {
    public static final String NAME = "hermes";
    private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
    private static final int PURGE_BATCH = 10_000;

    private final Database database;
    private final Clock clock;
    private final HermesConfig config;
    private final List<EventDestination> destinations;
    private final List<String> names;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    public Hermes(Database database, Clock clock, HermesConfig config, List<EventDestination> destinations) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.destinations = List.copyOf(destinations);
        this.names = this.destinations.stream().map(EventDestination::name).toList();
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("Two event destinations have the same name: " + names);
        }
    }

    /** Hermes with the destinations its configuration names (a STOMP destination when brokers are set). */
    public static Hermes create(Database database, Clock clock, HermesConfig config) {
        return create(database, clock, config, List.of());
    }

    /** Hermes with the destinations its configuration names and these others (configured apart, e.g. the webhooks). */
    public static Hermes create(Database database, Clock clock, HermesConfig config, List<EventDestination> others) {
        List<EventDestination> destinations = new ArrayList<>();
        config.stomp().ifPresent(stomp -> destinations.add(new StompDestination(stomp, clock)));
        destinations.addAll(others);
        return new Hermes(database, clock, config, destinations);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The names of the destinations this hermes delivers to. */
    public List<String> destinations() {
        return names;
    }

    @Override
    public int runOnce(WorkSlice slice) {
        purgeHistory(slice);
        List<OutboxMessage> batch = database.readOnly(tx -> OutboxStore.pending(tx, slice, config.batchSize()));
        if (batch.isEmpty()) {
            return 0;
        }
        Map<Long, Set<String>> has = new HashMap<>();
        batch.forEach(m -> has.put(m.id(), new HashSet<>(m.deliveredTo())));
        Map<String, List<Long>> confirmed = new HashMap<>();
        for (EventDestination destination : destinations) {
            List<OutboxMessage> todo = batch.stream().filter(m -> !m.deliveredTo().contains(destination.name())).toList();
            if (todo.isEmpty() || !destination.ready()) {
                continue;
            }
            int count = Math.max(0, Math.min(destination.deliver(todo), todo.size()));
            List<Long> ids = todo.subList(0, count).stream().map(OutboxMessage::id).toList();
            confirmed.put(destination.name(), ids);
            ids.forEach(id -> has.get(id).add(destination.name()));
        }
        List<Long> complete = batch.stream().map(OutboxMessage::id).filter(id -> has.get(id).containsAll(names)).toList();
        Set<Long> done = new HashSet<>(complete);
        Instant now = clock.instant();
        database.inTransactionVoid(tx -> {
            OutboxStore.archive(tx, complete, names, now);
            confirmed.forEach((name, ids) -> OutboxStore.delivered(tx, name, ids.stream().filter(id -> !done.contains(id)).toList()));
        });
        return complete.size() + confirmed.values().stream().mapToInt(List::size).sum();
    }

    private void purgeHistory(WorkSlice slice) {
        Instant now = clock.instant();
        Instant last = lastPurge.get();
        if (slice.rank() != 0 || now.isBefore(last.plus(PURGE_EVERY)) || !lastPurge.compareAndSet(last, now)) {
            return;
        }
        database.inTransactionVoid(tx -> OutboxStore.purge(tx, now.minus(config.historyRetention()), PURGE_BATCH));
    }

    @Override
    public void close() {
        destinations.forEach(EventDestination::close);
    }
}
