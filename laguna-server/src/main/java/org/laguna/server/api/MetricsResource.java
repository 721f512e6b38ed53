package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Objects;
import java.util.function.Predicate;
import org.laguna.core.auth.Caller;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.server.metrics.CatalogueMetrics;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Prometheus metrics at {@code /metrics}: JVM memory (including the heap's peak), GC, threads, CPU,
 * and what the other parts of the process record (daemons, HTTP requests, the database pool), with
 * the catalogue's gauges read again when they are due ({@link CatalogueMetrics}).
 * Only for administrators, unless {@code security.metrics-public} lets anyone read them.
 */
public final class MetricsResource implements Resource {
    private final PrometheusMeterRegistry registry;
    private final boolean open;
    private final Predicate<Caller> isAdmin;
    private final CatalogueMetrics catalogue;

    /**
     * Serves this registry, which other parts of the process (the daemons) also write to: to anyone
     * when {@code open}, else to the callers {@code isAdmin} accepts.
     */
    public MetricsResource(PrometheusMeterRegistry registry, boolean open, Predicate<Caller> isAdmin, CatalogueMetrics catalogue) {
        this.registry = Objects.requireNonNull(registry, "registry is null");
        this.open = open;
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
        this.catalogue = Objects.requireNonNull(catalogue, "catalogue is null");
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("laguna.jvm.heap.peak", MetricsResource::heapPeakBytes)
                .baseUnit("bytes")
                .description("Sum of the heap memory pools' peak usage since start")
                .register(registry);
    }

    /** The sum over heap pools of their peak usage since the JVM started. */
    public static long heapPeakBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", ctx -> {
            if (!open) {
                Caller caller = Http.caller(ctx);
                if (!isAdmin.test(caller)) {
                    throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not read the metrics");
                }
            }
            catalogue.refreshIfDue();
            ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
        });
    }
}
