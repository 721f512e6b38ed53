package org.laguna.core.db;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One open database transaction. Services open it with {@link Database#inTransaction} and pass it
 * down explicitly; repositories never open their own.
 */
public final class Tx {
    private static final int CURSOR_FETCH_SIZE = 2_000;

    private final Connection connection;

    Tx(Connection connection) {
        this.connection = Objects.requireNonNull(connection, "connection is null");
    }

    public Connection connection() {
        return connection;
    }

    /**
     * Runs work that may fail without spoiling the rest of the transaction: on a runtime exception
     * what it wrote is undone (back to a savepoint) and the exception is thrown on.
     */
    public <T> T savepoint(Supplier<T> work) {
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
        try {
            T result = work.get();
            connection.releaseSavepoint(savepoint);
            return result;
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } catch (RuntimeException e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        }
    }

    /** Runs an insert/update/delete and returns the number of rows it touched. */
    public int update(String sql, Object... params) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /** Runs one statement per parameter row in a JDBC batch; returns the rows touched per row. */
    public int[] batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rs.next()) {
                    result.add(mapper.map(rs));
                }
                return result;
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = query(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
    }

    public boolean exists(String sql, Object... params) {
        return queryOne(sql, rs -> Boolean.TRUE, params).isPresent();
    }

    public long count(String sql, Object... params) {
        return queryOne(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    /**
     * Streams rows through a server-side cursor: memory does not grow with the number of rows.
     * Needs a transaction (auto-commit off), which {@link Database#inTransaction} gives.
     */
    public <T> void stream(String sql, RowMapper<T> mapper, Consumer<T> sink, Object... params) {
        try (PreparedStatement statement = connection.prepareStatement(sql,
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(CURSOR_FETCH_SIZE);
            bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    sink.accept(mapper.map(rs));
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    public Array textArray(List<String> values) {
        return array("text", values.toArray());
    }

    /** A SQL array parameter, e.g. for {@code unnest(?::text[], ?::bigint[])} bulk statements. */
    public Array array(String sqlType, Object[] values) {
        try {
            return connection.createArrayOf(sqlType, values);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    static void bind(PreparedStatement statement, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            int index = i + 1;
            switch (value) {
                case null -> statement.setNull(index, Types.NULL);
                case Instant instant -> statement.setTimestamp(index, Timestamp.from(instant));
                case UUID uuid -> statement.setObject(index, uuid);
                case Json json -> statement.setObject(index, json.pgObject());
                case Enum<?> e -> statement.setString(index, e.name());
                case Array array -> statement.setArray(index, array);
                default -> statement.setObject(index, value);
            }
        }
    }

    /** Reads a nullable timestamp column as an Instant. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    /** Reads a nullable bigint column. */
    public static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** Reads a nullable boolean column. */
    public static Boolean boolOrNull(ResultSet rs, String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }
}
