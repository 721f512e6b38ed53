package org.laguna.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.spi.error.LagunaException;

class HomeLockTest {
    @TempDir
    Path home;

    @Test
    void aSecondStartOnAHomeInUseIsRefusedAndLeavesTheFirstDatabaseRunning() {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(home);
                Database database = Database.connect(first.jdbcUrl(), first.user(), first.password(), 2)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(home))
                    .isInstanceOf(LagunaException.class)
                    .hasMessage("another Laguna server (pid " + ProcessHandle.current().pid() + ", started "
                            + ProcessHandle.current().info().startInstant().orElseThrow() + ") is using home " + home);
            assertThat(text(database, "select 1")).contains("1");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(home)) {
            assertThat(again.port()).isPositive();
        }
    }

    @Test
    void takesOverALockOfADeadProcess() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Files.writeString(home.resolve(HomeLock.FILE_NAME), "pid=" + finished.pid() + "\nstart-ticks=1\nstarted=2026-01-01T00:00:00Z\n");
        try (HomeLock lock = HomeLock.acquire(home)) {
            assertThat(Files.readString(home.resolve(HomeLock.FILE_NAME))).contains("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void takesOverALockWhosePidNowBelongsToAnotherProcess() throws Exception {
        long init = 1;
        Files.writeString(home.resolve(HomeLock.FILE_NAME), "pid=" + init + "\nstart-ticks=999999999\nstarted=2026-01-01T00:00:00Z\n");
        try (HomeLock lock = HomeLock.acquire(home)) {
            assertThat(Files.readString(home.resolve(HomeLock.FILE_NAME))).contains("pid=" + ProcessHandle.current().pid());
        }
    }

    @Test
    void refusesWhileTheRecordedProcessIsAlive() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            long ticks = HomeLock.Owner.startTicks(other.pid()).orElseThrow();
            Files.writeString(home.resolve(HomeLock.FILE_NAME),
                    "pid=" + other.pid() + "\nstart-ticks=" + ticks + "\nstarted=2026-12-01T10:00:00Z\n");
            assertThatThrownBy(() -> HomeLock.acquire(home)).isInstanceOf(LagunaException.class)
                    .hasMessage("another Laguna server (pid " + other.pid() + ", started 2026-12-01T10:00:00Z) is using home " + home);
        } finally {
            other.destroy();
        }
    }

    private static java.util.Optional<String> text(Database database, String sql) {
        return database.readOnly(tx -> tx.queryOne(sql, rs -> rs.getString(1)));
    }
}
