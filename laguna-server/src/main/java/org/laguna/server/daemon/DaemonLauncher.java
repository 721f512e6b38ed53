package org.laguna.server.daemon;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.Daemons;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.DaemonProcess;
import org.laguna.core.daemon.DaemonRuntime;

/** Builds the chosen daemons from the core, with metrics when there is a registry, and starts them in one runtime. */
public final class DaemonLauncher {
    private DaemonLauncher() {
    }

    /**
     * Starts each named daemon in {@code threads} threads (its own default when 0); in once mode each thread stops after
     * its first cycle with nothing to do. Unknown names fail before anything starts.
     */
    public static DaemonRuntime start(LagunaCore core, Daemons daemons, Collection<String> names, int threads, boolean once,
            Optional<MeterRegistry> metrics) {
        Objects.requireNonNull(core, "core is null");
        Objects.requireNonNull(daemons, "daemons is null");
        Objects.requireNonNull(names, "names is null");
        Objects.requireNonNull(metrics, "metrics is null");
        List<Daemon> chosen = names.stream()
                .map(name -> daemons.create(name, core))
                .map(daemon -> metrics.<Daemon>map(registry -> new MeteredDaemon(daemon, registry)).orElse(daemon))
                .toList();
        DaemonRuntime runtime = new DaemonRuntime(core.database(), core.daemonConfig(), DaemonProcess.current());
        try {
            for (Daemon daemon : chosen) {
                int n = threads > 0 ? threads : daemons.defaultThreads(daemon.name());
                if (once) {
                    runtime.startOnce(daemon, n);
                } else {
                    runtime.start(daemon, n);
                }
            }
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }
}
