package org.laguna.core.db;

import static org.assertj.core.api.Assertions.assertThat;

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
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                EmbeddedDatabaseChild.class.getName(), home.toString()))
                .redirectErrorStream(true)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            boolean ready = false;
            StringBuilder seen = new StringBuilder();
            while ((line = out.readLine()) != null) {
                if (line.equals("ready")) {
                    ready = true;
                    break;
                }
                seen.append(line).append('\n');
            }
            assertThat(ready).as("child started its database; it printed:%n%s", seen).isTrue();
        }
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.exists(dir.resolve("postmaster.pid"))).as("the orphaned PostgreSQL still holds the directory").isTrue();

        try (EmbeddedDatabase db = EmbeddedDatabase.start(home); Database database = Database.connect(db.jdbcUrl(), db.user(), db.password(), 2)) {
            assertThat(textOf(database, tx -> tx.queryOne("select description from vos where vo = 'chd'", rs -> rs.getString(1))))
                    .contains("written before the kill");
        }
    }
}
