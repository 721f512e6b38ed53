package org.laguna.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A real PostgreSQL for integration tests: the machine's server when
 * {@code LAGUNA_TEST_DATABASE_URL} names one (a JDBC URL of a database whose user may create
 * databases), else one embedded PostgreSQL per test JVM. Each call to {@link #createDatabase()}
 * gives a fresh, empty database, so test classes never see each other's rows.
 */
public final class TestDatabase {
    private static final Object LOCK = new Object();
    private static String adminUrl;
    private static EmbeddedPostgres embedded;
    private static final java.util.List<String> CREATED = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TestDatabase() {
    }

    /** Creates a new empty database and returns its JDBC URL (user and password included). */
    public static String createDatabase() {
        String admin = adminUrl();
        String name = "laguna_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
            CREATED.add(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database via " + admin, e);
        }
        return replaceDatabase(admin, name);
    }

    static String adminUrl() {
        synchronized (LOCK) {
            if (adminUrl != null) {
                return adminUrl;
            }
            String external = System.getenv("LAGUNA_TEST_DATABASE_URL");
            if (external != null && !external.isBlank()) {
                adminUrl = external;
                String admin = external;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> dropCreated(admin)));
            } else {
                try {
                    embedded = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot start the embedded PostgreSQL for tests", e);
                }
                adminUrl = embedded.getJdbcUrl("postgres", "postgres");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        embedded.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
            return adminUrl;
        }
    }

    /** Drops the databases this JVM created on a shared server, so repeated runs leave nothing behind. */
    private static void dropCreated(String admin) {
        try (Connection connection = DriverManager.getConnection(admin); Statement statement = connection.createStatement()) {
            for (String name : CREATED) {
                statement.execute("drop database if exists " + name + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("Could not drop test databases: " + e.getMessage());
        }
    }

    static String replaceDatabase(String url, String database) {
        int query = url.indexOf('?');
        String base = query < 0 ? url : url.substring(0, query);
        String params = query < 0 ? "" : url.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }
}
