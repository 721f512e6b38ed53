package org.laguna.core.db;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps PostgreSQL's planner statistics fresh after bulk writes. A bulk registration can double a
 * table within seconds, long before autovacuum analyzes it; with statistics that still describe an
 * almost empty table the planner picks nested loops over sequential scans and a listing that should
 * take a second takes minutes. Services report how many rows they wrote; once a table has grown by
 * a fifth since its last analysis (and by at least a few thousand rows), it is analyzed in the
 * background.
 */
public final class TableStatistics implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TableStatistics.class);
    private static final long MIN_ROWS = 5_000;
    private static final Set<String> TABLES = Set.of("dids", "contents", "replicas");

    private final DataSource dataSource;
    private final Map<String, AtomicLong> written = new ConcurrentHashMap<>();
    private final Map<String, Long> analyzedSize = new ConcurrentHashMap<>();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "laguna-analyze");
        thread.setDaemon(true);
        return thread;
    });

    public TableStatistics(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
    }

    /** Reports rows written to a table by a committed transaction. */
    public void wrote(String table, long rows) {
        if (!TABLES.contains(table) || rows <= 0) {
            return;
        }
        long total = written.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(rows);
        long size = analyzedSize.getOrDefault(table, 0L);
        if (total >= Math.max(MIN_ROWS, size / 5) && running.add(table)) {
            written.get(table).set(0);
            executor.execute(() -> analyze(table));
        }
    }

    private void analyze(String table) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("analyze " + table);
            try (var rs = statement.executeQuery("select reltuples::bigint from pg_class where relname = '" + table + "'")) {
                if (rs.next()) {
                    analyzedSize.put(table, Math.max(0, rs.getLong(1)));
                }
            }
            connection.setAutoCommit(false);
        } catch (Exception e) {
            LOG.warn("Could not analyze {}: {}", table, e.getMessage());
        } finally {
            running.remove(table);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
