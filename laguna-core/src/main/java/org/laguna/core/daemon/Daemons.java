package org.laguna.core.daemon;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.TokenCleanerDaemon;
import org.laguna.core.rule.JudgeCleaner;
import org.laguna.core.rule.JudgeEvaluator;
import org.laguna.core.rule.JudgeInjector;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.transfer.Conveyor;
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

    private Daemons(Map<String, Function<LagunaCore, Daemon>> factories, Map<String, Integer> threads) {
        this.factories = Collections.unmodifiableMap(new TreeMap<>(factories));
        this.threads = Collections.unmodifiableMap(new TreeMap<>(threads));
    }

    /** The daemons that ship with Laguna. */
    public static Daemons builtIn() {
        return none()
                .with(TokenCleanerDaemon.NAME, core -> new TokenCleanerDaemon(core.database(), core.clock()))
                .with("judge-injector", 2, core -> new JudgeInjector(core.services().rules()))
                .with("judge-evaluator", core -> new JudgeEvaluator(core.services().rules()))
                .with("judge-cleaner", core -> new JudgeCleaner(core.services().rules()))
                .with("judge-repairer", core -> new JudgeRepairer(core.services().rules()))
                .with(Conveyor.NAME, 2, core -> new Conveyor(core.database(), core.storage(), core.services().rses().repository(),
                        core.services().rses().resolver(), core.clock(), Conveyor.Settings.DEFAULTS))
                .with(org.laguna.core.transfer.Reaper.NAME, core -> new org.laguna.core.transfer.Reaper(core.database(), core.storage(),
                        core.services().rses().repository(), core.clock()))
                .with(org.laguna.core.rule.Undertaker.NAME, core -> new org.laguna.core.rule.Undertaker(core.services().rules()));
    }

    /** No daemons; add them with {@link #with}. */
    public static Daemons none() {
        return new Daemons(Map.of(), Map.of());
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
        return new Daemons(more, moreThreads);
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

    /** Builds every daemon, in the order of {@link #names()}. */
    public List<Daemon> createAll(LagunaCore core) {
        return names().stream().map(name -> create(name, core)).toList();
    }
}
