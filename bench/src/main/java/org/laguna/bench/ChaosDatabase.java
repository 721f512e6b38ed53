package org.laguna.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.function.ObjIntConsumer;

/**
 * A fresh database on an external PostgreSQL for one part of the chaos scenario, dropped when the
 * part ends. The scenario reads the catalogue directly (locks, requests, heartbeats, row counts)
 * to check what the API alone would not show.
 */
final class ChaosDatabase implements AutoCloseable {
    private final String adminUrl;
    private final String name;
    private final Connection connection;

    private ChaosDatabase(String adminUrl, String name) throws SQLException {
        this.adminUrl = adminUrl;
        this.name = name;
        this.connection = DriverManager.getConnection(url());
    }

    /** Creates database {@code name} through the administrative JDBC URL (a database such as {@code postgres}). */
    static ChaosDatabase create(String adminUrl, String name) throws SQLException {
        String safe = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + safe + " with (force)");
            statement.execute("create database " + safe);
        }
        return new ChaosDatabase(adminUrl, safe);
    }

    /** Whether PostgreSQL answers at the administrative URL. */
    static boolean reachable(String adminUrl) {
        try (Connection ignored = DriverManager.getConnection(adminUrl)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The JDBC URL of this database: the administrative one with the database name replaced. */
    String url() {
        return adminUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name);
    }

    /** The first column of the first row of a query, as a number (0 when null). */
    double number(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getDouble(1) : 0;
            }
        }
    }

    long count(String sql, Object... args) throws SQLException {
        return Math.round(number(sql, args));
    }

    /** The first column of the first row of a query, as text, or null. */
    String text(String sql, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** Calls {@code row} with the first two columns (text, number) of every row of a query. */
    void forEach(String sql, ObjIntConsumer<String> row) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs.getString(1), rs.getInt(2));
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
        try (Connection admin = DriverManager.getConnection(adminUrl); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + name + " with (force)");
        }
    }
}
