package org.laguna.core;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.laguna.core.audit.Auditor;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.auditlog.AuditLogCleaner;
import org.laguna.core.event.Hermes;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.event.webhook.WebhookConfig;
import org.laguna.core.event.webhook.WebhookSender;
import org.laguna.core.auth.TokenCleanerDaemon;
import org.laguna.core.replica.ReplicaRecoverer;
import org.laguna.core.rule.JudgeCleaner;
import org.laguna.core.rule.JudgeEvaluator;
import org.laguna.core.rule.JudgeInjector;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.rule.Undertaker;
import org.laguna.core.subscription.Transmogrifier;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorFinisher;
import org.laguna.core.transfer.ConveyorPoller;
import org.laguna.core.transfer.ConveyorSubmitter;
import org.laguna.core.transfer.Reaper;
import org.laguna.core.usage.UsageHistory;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The daemons Laguna can run, by name: what {@code laguna server} starts and what
 * {@code laguna daemon NAME} chooses from. A new daemon adds one entry to {@link #builtIn()}.
 */
public final class Daemons {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Map<String, Function<LagunaCore, Daemon>> factories;
    private final Map<String, Integer> threads;
    private final Map<String, List<String>> combined;

    private Daemons(Map<String, Function<LagunaCore, Daemon>> factories, Map<String, Integer> threads, Map<String, List<String>> combined) {
        this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
        this.threads = Collections.unmodifiableMap(new TreeMap<>(threads));
        this.combined = Collections.unmodifiableMap(new TreeMap<>(combined));
    }

    /** The daemons that ship with Laguna. */
    public static Daemons builtIn() {
        return none()
                .with(TokenCleanerDaemon.NAME, core -> new TokenCleanerDaemon(core.database(), core.clock()))
                .with("judge-injector", 2, core -> new JudgeInjector(core.services().rules()))
                .with("judge-evaluator", core -> new JudgeEvaluator(core.services().rules()))
                .with(JudgeCleaner.NAME, core -> new JudgeCleaner(core.services().rules()))
                .with(JudgeRepairer.NAME, core -> new JudgeRepairer(core.services().rules(), core.transferConfig().stuckRetryDelay()))
                .with(ConveyorSubmitter.NAME, 2, core -> new ConveyorSubmitter(core.conveyorContext()))
                .with(ConveyorPoller.NAME, core -> new ConveyorPoller(core.conveyorContext()))
                .with(ConveyorFinisher.NAME, core -> new ConveyorFinisher(core.conveyorContext()))
                .withCombined(Conveyor.NAME, List.of(ConveyorSubmitter.NAME, ConveyorPoller.NAME, ConveyorFinisher.NAME),
                        core -> new Conveyor(core.conveyorContext()))
                .with(Reaper.NAME, core -> new Reaper(core.database(), core.storage(),
                        core.services().rses().repository(), core.clock()))
                .with(UsageHistory.NAME, core -> core.services().usageHistory().daemon(UsageHistory.DEFAULT_INTERVAL))
                .with(Auditor.NAME, core -> new Auditor(core.database(), core.storageCheck(), core.clock(), core.recoveryConfig(),
                        core.recoveryConfig().auditorDeletesDark()))
                .with(ReplicaRecoverer.NAME, core -> new ReplicaRecoverer(core.database(),
                        core.clock(), core.recoveryConfig()))
                .with(Undertaker.NAME, core -> new Undertaker(core.services().rules()))
                .with(Transmogrifier.NAME, core -> new Transmogrifier(
                        core.database(), core.services().rules(), core.services().rses().resolver(), core.clock(),
                        Transmogrifier.BATCH))
                .with(AuditLogCleaner.NAME, core -> new AuditLogCleaner(core.database(), core.clock(), core.auditLogRetention(),
                        AuditLogCleaner.DEFAULT_BATCH_SIZE))
                .with(Hermes.NAME, core -> new Hermes(core.database(), core.clock(), HermesConfig.from(core.config().source()),
                        EventDestinations.create(core)))
                .with(WebhookSender.NAME, core -> new WebhookSender(core.database(), core.clock(),
                        WebhookConfig.from(core.config().source())));
    }

    /** No daemons; add them with {@link #with}. */
    public static Daemons none() {
        return new Daemons(Map.of(), Map.of(), Map.of());
    }

    /** These daemons and one more; the factory builds it from the core, its name() must be the given name. */
    public Daemons with(String name, Function<LagunaCore, Daemon> factory) {
        return with(name, 1, factory);
    }

    /** As {@link #with(String, Function)}, run in {@code defaultThreads} threads unless told otherwise. */
    public Daemons with(String name, int defaultThreads, Function<LagunaCore, Daemon> factory) {
        if (defaultThreads < 1) {
            throw new IllegalArgumentException("defaultThreads must be positive, got " + defaultThreads);
        }
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(factory, "factory is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Daemon name must be lower-case words joined by dashes, got '" + name + "'");
        }
        if (factories.containsKey(name)) {
            throw new IllegalArgumentException("Daemon '" + name + "' is registered twice");
        }
        Map<String, Function<LagunaCore, Daemon>> more = new TreeMap<>(factories);
        more.put(name, factory);
        Map<String, Integer> moreThreads = new TreeMap<>(threads);
        moreThreads.put(name, defaultThreads);
        return new Daemons(more, moreThreads, combined);
    }

    /**
     * One more daemon that does in one loop what the given (registered) daemons do separately,
     * e.g. {@code conveyor} for its three stages: {@code laguna daemon NAME} runs it, while
     * {@link #forServer} runs the parts instead, and leaving it out leaves out the parts.
     */
    public Daemons withCombined(String name, List<String> parts, Function<LagunaCore, Daemon> factory) {
        for (String part : parts) {
            if (!factories.containsKey(part)) {
                throw new IllegalArgumentException("Daemon '" + name + "' combines '" + part + "', which is not registered");
            }
        }
        Daemons more = with(name, factory);
        Map<String, List<String>> moreCombined = new TreeMap<>(combined);
        moreCombined.put(name, List.copyOf(parts));
        return new Daemons(more.factories, more.threads, moreCombined);
    }

    /** The daemons a combined daemon stands for (empty for a plain one). */
    public List<String> parts(String name) {
        return combined.getOrDefault(name, List.of());
    }

    /**
     * What {@code laguna server} runs: every daemon except the combined ones (their parts run
     * instead) and except those left out; leaving out a combined daemon leaves out its parts.
     */
    public List<String> forServer(Collection<String> without) {
        Set<String> excluded = new HashSet<>(without);
        without.forEach(name -> excluded.addAll(parts(name)));
        return names().stream().filter(name -> !combined.containsKey(name) && !excluded.contains(name)).toList();
    }

    /** The names, in alphabetical order. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(factories.keySet()));
    }

    /** The threads a daemon runs in when nothing else is asked for. */
    public int defaultThreads(String name) {
        return threads.getOrDefault(name, 1);
    }

    public boolean contains(String name) {
        return factories.containsKey(name);
    }

    /** Builds the named daemon; a clear error naming the known ones if there is none by that name. */
    public Daemon create(String name, LagunaCore core) {
        Function<LagunaCore, Daemon> factory = factories.get(name);
        if (factory == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR,
                    "No daemon named '" + name + "'; known daemons: " + String.join(", ", factories.keySet()));
        }
        Objects.requireNonNull(core, "core is null");
        Daemon daemon = factory.apply(core);
        if (!daemon.name().equals(name)) {
            throw new IllegalStateException("The factory of daemon '" + name + "' built one named '" + daemon.name() + "'");
        }
        return daemon;
    }
}
