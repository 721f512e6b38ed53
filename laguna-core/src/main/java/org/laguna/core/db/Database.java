package org.laguna.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The catalogue database: a connection pool, the migrations, and explicit transactions. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final TableStatistics statistics;

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.statistics = new TableStatistics(dataSource);
    }

    /** Where services report bulk writes, so planner statistics follow fast-growing tables. */
    public TableStatistics statistics() {
        return statistics;
    }

    public static Database connect(String jdbcUrl, String user, String password, int poolSize) {
        return connect(jdbcUrl, user, password, poolSize, null);
    }

    /**
     * A database whose tables live in a schema of their own (a VO's, {@code vo_<name>}): the
     * migrations create and fill that schema, and every connection of the pool searches only it.
     * {@code schema} null is the default schema ({@code public}).
     */
    public static Database connect(String jdbcUrl, String user, String password, int poolSize, String schema) {
        HikariConfig config = new HikariConfig();
        // the schema goes in the connection's start-up parameters: a SET would be undone by the first transaction rolled back
        config.setJdbcUrl(schema == null ? jdbcUrl : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setAutoCommit(false);
        config.setPoolName(schema == null ? "laguna" : "laguna-" + schema);
        config.setConnectionTimeout(10_000);
        if (schema == null) {
            migrate(jdbcUrl, user, password);
        } else {
            // a VO's pool opens its connections as its load asks for them, not all at start
            config.setMinimumIdle(1);
            Flyway.configure()
                    .dataSource(jdbcUrl, user, password)
                    .locations("classpath:db/migration")
                    .schemas(schema)
                    .defaultSchema(schema)
                    .load()
                    .migrate();
        }
        return new Database(new HikariDataSource(config));
    }

    /** Brings the schema up to date; runs on its own connections, before the pool opens. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs the work in one transaction: commits when it returns, rolls back when it throws. */
    public <T> T inTransaction(Function<Tx, T> work) {
        Objects.requireNonNull(work, "work is null");
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new Tx(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Like {@link #inTransaction(Function)} for work that returns nothing. */
    public void inTransactionVoid(Consumer<Tx> work) {
        inTransaction(tx -> {
            work.accept(tx);
            return null;
        });
    }

    /** A read-only transaction, for listings that stream from a cursor. */
    public <T> T readOnly(Function<Tx, T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                T result = work.apply(new Tx(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setReadOnly(false);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    public void ping() {
        if (readOnly(tx -> tx.count("select 1")) != 1) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Database did not answer");
        }
    }

    @Override
    public void close() {
        statistics.close();
        dataSource.close();
    }
}
