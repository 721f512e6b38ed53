package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import org.laguna.server.http.Resource;

/** Prometheus metrics at {@code /metrics}: JVM memory (including the heap's peak), GC, threads, CPU. */
public final class MetricsResource implements Resource {
    private final PrometheusMeterRegistry registry;

    public MetricsResource() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Serves this registry, which other parts of the process (the daemons) also write to. */
    public MetricsResource(PrometheusMeterRegistry registry) {
        this.registry = java.util.Objects.requireNonNull(registry, "registry is null");
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
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }
}
