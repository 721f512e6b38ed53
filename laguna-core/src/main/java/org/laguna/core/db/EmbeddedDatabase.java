package org.laguna.core.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL started from Maven-shipped binaries, its data directory kept under the Laguna
 * home across restarts. Settings are made durable (fsync, synchronous commit); only Laguna, with the
 * password kept in the home, may connect (see {@link EmbeddedAccess}); one process at a time owns the
 * home (see {@link HomeLock}), and a server left running by a killed Laguna is stopped before a new
 * one starts on the same directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final HomeLock lock;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, HomeLock lock, String password) {
        this.postgres = postgres;
        this.lock = lock;
        this.password = password;
    }

    /**
     * Starts the PostgreSQL of a Laguna home (data directory {@code <home>/db}), after taking the
     * home for this process (see {@link HomeLock}).
     *
     * @throws LagunaException if another live process uses the home, or PostgreSQL does not start
     */
    public static EmbeddedDatabase start(Path home) {
        Path dataDirectory = home.resolve("db");
        createHome(home);
        HomeLock lock = HomeLock.acquire(home);
        try {
            stopOrphan(dataDirectory);
            EmbeddedAccess access = new EmbeddedAccess(home, dataDirectory);
            boolean fresh = !access.initialized();
            if (!fresh) {
                access.secureExisting();
            }
            String password = access.password();
            EmbeddedPostgres postgres = builder(access, password).start();
            if (fresh) {
                Files.writeString(dataDirectory.resolve("pg_hba.conf"), EmbeddedAccess.HBA, StandardCharsets.UTF_8);
            }
            return new EmbeddedDatabase(postgres, lock, password);
        } catch (IOException | RuntimeException e) {
            lock.close();
            if (e instanceof LagunaException laguna) {
                throw laguna;
            }
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE,
                    "Cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
        }
    }

    private static void createHome(Path home) {
        try {
            if (!Files.isDirectory(home)) {
                Files.createDirectories(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Cannot create the Laguna home " + home + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder builder(EmbeddedAccess access, String password) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(access.dataDirectory())
                .setCleanDataDirectory(false)
                // a new data directory gets the password from the start: these become initdb options
                .setLocaleConfig("auth", "scram-sha-256")
                .setLocaleConfig("pwfile", access.passwordFile().toString())
                .setConnectConfig("password", password)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("unix_socket_directories", "''")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .setServerConfig("autovacuum_naptime", "10s")
                // bulk work (rules over a million files) touches indexes bigger than PostgreSQL's
                // default 128 MB cache and writes gigabytes of WAL: a bigger cache and fewer
                // checkpoints (so fewer full-page images) keep it fast; durability is unchanged
                .setServerConfig("shared_buffers", "512MB")
                .setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "15min")
                .setServerConfig("wal_compression", "on")
                .setPGStartupWait(Duration.ofSeconds(60));
    }

    /** JDBC URL of the database Laguna uses; connect with {@link #user()} and {@link #password()}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String user() {
        return EmbeddedAccess.USER;
    }

    public String password() {
        return password;
    }

    public int port() {
        return postgres.getPort();
    }

    /**
     * A PostgreSQL whose postmaster.pid names a live process still holds the directory (its JVM
     * was killed). Ask it for a fast shutdown and wait for it to go.
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.getFirst().trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return;
        }
        String command = process.get().info().command().orElse("");
        if (!command.contains("postgres")) {
            return;
        }
        LOG.warn("Stopping an orphaned PostgreSQL (pid {}) that still holds {}", pid, dataDirectory);
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (process.get().isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (process.get().isAlive()) {
                process.get().destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
        } finally {
            lock.close();
        }
    }
}
