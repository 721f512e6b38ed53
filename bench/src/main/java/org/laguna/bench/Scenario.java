package org.laguna.bench;

/**
 * A benchmark scenario that {@link Bench} runs by name. It sets up what it needs through the
 * {@link BenchContext} (a server, names that do not collide with other runs, options), measures,
 * and returns its figures. A scenario that cannot run throws {@link Skipped} with the reason.
 *
 * <p>A scenario class added later is picked up by the registry ({@link Scenarios}) by its class
 * name; it needs a public no-argument constructor.
 */
interface Scenario {
    /**
     * Whether the scenario needs a Laguna server that the benchmark starts itself: Laguna-only
     * endpoints, its daemons with chosen options, or its file system. Such scenarios are skipped
     * when the benchmark is pointed at another server with {@code --target-url}.
     */
    default boolean lagunaOnly() {
        return true;
    }

    Figures run(BenchContext context) throws Exception;

    /** Thrown by a scenario whose conditions did not hold: the runner reports it failed, with the figures it measured. */
    final class Failed extends RuntimeException {
        private final transient Figures figures;

        Failed(String reason, Figures figures) {
            super(reason);
            this.figures = figures;
        }

        Figures figures() {
            return figures;
        }
    }

    /** Thrown by a scenario that cannot run here; the runner reports "skipped: " and the message. */
    final class Skipped extends RuntimeException {
        Skipped(String reason) {
            super(reason);
        }
    }
}
