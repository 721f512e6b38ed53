package org.laguna.server.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;

/**
 * The database connection pool's use: connections active, idle and in all, threads waiting for
 * one, and the pool's maximum ({@code laguna_db_pool_connections{state=...}},
 * {@code laguna_db_pool_max_connections}).
 */
public final class PoolMetrics {
    private PoolMetrics() {
    }

    /** Registers the gauges when the data source is a HikariCP pool; else nothing. */
    public static void bind(DataSource dataSource, MeterRegistry registry) {
        if (!(dataSource instanceof HikariDataSource pool)) {
            return;
        }
        gauge(registry, pool, "active", HikariPoolMXBean::getActiveConnections);
        gauge(registry, pool, "idle", HikariPoolMXBean::getIdleConnections);
        gauge(registry, pool, "total", HikariPoolMXBean::getTotalConnections);
        gauge(registry, pool, "pending", HikariPoolMXBean::getThreadsAwaitingConnection);
        Gauge.builder("laguna.db.pool.max.connections", pool, p -> p.getMaximumPoolSize())
                .description("Largest number of connections the pool opens").register(registry);
    }

    private static void gauge(MeterRegistry registry, HikariDataSource pool, String state, ToDoubleFunction<HikariPoolMXBean> value) {
        Gauge.builder("laguna.db.pool.connections", pool, p -> {
            HikariPoolMXBean bean = p.getHikariPoolMXBean();
            return bean == null ? 0 : value.applyAsDouble(bean);
        }).tag("state", state).description("Connections of the database pool by state (pending: threads waiting for one)")
                .register(registry);
    }
}
