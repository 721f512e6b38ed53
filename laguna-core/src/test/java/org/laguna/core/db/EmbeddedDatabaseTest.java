package org.laguna.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {
    @TempDir
    Path home;

    private static java.util.Optional<String> textOf(Database database, java.util.function.Function<Tx, java.util.Optional<String>> query) {
        return database.readOnly(query);
    }

    @Test
    void keepsDataAcrossRestartsWithDurableSettings() {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home); Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 2)) {
            database.inTransactionVoid(tx -> tx.update("insert into vos (vo, description) values ('tst', 'kept')"));
            assertThat(textOf(database, tx -> tx.queryOne("show fsync", rs -> rs.getString(1)))).contains("on");
            assertThat(textOf(database, tx -> tx.queryOne("show synchronous_commit", rs -> rs.getString(1)))).contains("on");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(home); Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 2)) {
            assertThat(textOf(database, tx -> tx.queryOne("select description from vos where vo = 'tst'", rs -> rs.getString(1))))
                    .contains("kept");
        }
    }

    @Test
    void startsAfterTheOwningProcessWasKilledWithSigkill() throws Exception {
        Path dir = home.resolve("db");
        Process child = startChild();
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(dir.resolve("postmaster.pid"))).as("the orphaned PostgreSQL still holds the directory").isTrue();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(home); Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 2)) {
            assertThat(textOf(database, tx -> tx.queryOne("select description from vos where vo = 'chd'", rs -> rs.getString(1))))
                    .contains("written before the kill");
        }
    }

    @Test
    void aSecondProcessOnTheHomeIsRefusedAndLeavesTheRunningDatabaseAlone() throws Exception {
        Process child = startChild();
        try {
            assertThatThrownBy(() -> EmbeddedDatabase.start(home))
                    .hasMessageStartingWith("another Laguna server (pid " + child.pid() + ", started ")
                    .hasMessageEndingWith(") is using home " + home);
            String password = Files.readString(home.resolve("db.password")).trim();
            try (Database database = Database.connect("jdbc:postgresql://127.0.0.1:" + childPort + "/postgres", "postgres", password, 1)) {
                assertThat(textOf(database, tx -> tx.queryOne("select description from vos where vo = 'chd'", rs -> rs.getString(1))))
                        .contains("written before the kill");
            }
        } finally {
            new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
            child.waitFor(30, TimeUnit.SECONDS);
            EmbeddedDatabase.start(home).close(); // takes the dead child's home over and stops its PostgreSQL
        }
    }

    private int childPort;

    /** A JVM that starts the home's database, writes a row, prints its port and waits to be killed. */
    private Process startChild() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), home.toString()))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        boolean ready = false;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.equals("ready")) {
                ready = true;
                break;
            }
            if (line.startsWith("port=")) {
                childPort = Integer.parseInt(line.substring("port=".length()));
            }
            seen.append(line).append('\n');
        }
        assertThat(ready).as("child started its database; it printed:%n%s", seen).isTrue();
        return child;
    }
}
