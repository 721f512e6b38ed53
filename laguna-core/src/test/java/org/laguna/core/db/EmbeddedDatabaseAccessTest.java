package org.laguna.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only Laguna, with the password kept in its home, may connect to the embedded PostgreSQL. */
class EmbeddedDatabaseAccessTest {
    @TempDir
    Path home;

    @Test
    void refusesConnectionsWithoutThePasswordWhileLagunaConnects() throws Exception {
        Path laguna = home.resolve("laguna");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(laguna);
                Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 2)) {
            assertRefusedWithout(db.port());
            assertThat(text(database, "show listen_addresses")).contains("127.0.0.1");
            assertThat(text(database, "show unix_socket_directories")).contains("");
            assertThat(text(database, "select 1")).contains("1");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(laguna))).isEqualTo("rwx------");
        Path passwordFile = laguna.resolve("db.password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(Files.readString(laguna.resolve("db/pg_hba.conf"))).doesNotContain("trust");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(laguna)) {
            assertRefusedWithout(db.port());
        }
    }

    @Test
    void upgradesAHomeMadeWithTrustAndKeepsItsData() throws Exception {
        Path dataDirectory = home.resolve("db");
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).start();
                Connection connection = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"));
                Statement statement = connection.createStatement()) {
            statement.execute("create schema legacy");
            statement.execute("create table legacy.kept (note text)");
            statement.execute("insert into legacy.kept values ('from the trusting days')");
        }
        assertThat(Files.readString(dataDirectory.resolve("pg_hba.conf"))).contains("trust");

        try (EmbeddedDatabase db = EmbeddedDatabase.start(home);
                Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 2)) {
            assertRefusedWithout(db.port());
            assertThat(text(database, "select note from legacy.kept")).contains("from the trusting days");
        }
        assertThat(Files.readString(dataDirectory.resolve("pg_hba.conf"))).doesNotContain("trust");
    }

    private static void assertRefusedWithout(int port) {
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        assertThatThrownBy(() -> DriverManager.getConnection(url + "?user=postgres").close())
                .as("a connection as postgres without a password").isInstanceOf(SQLException.class);
        Properties wrong = new Properties();
        wrong.setProperty("user", "postgres");
        wrong.setProperty("password", "guessed");
        assertThatThrownBy(() -> DriverManager.getConnection(url, wrong).close())
                .as("a connection with a wrong password").isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    private static java.util.Optional<String> text(Database database, String sql) {
        return database.readOnly(tx -> tx.queryOne(sql, rs -> rs.getString(1)));
    }
}
