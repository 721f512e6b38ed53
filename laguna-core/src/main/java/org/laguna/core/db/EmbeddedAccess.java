package org.laguna.core.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may connect to the embedded PostgreSQL: only a client that knows the superuser's password,
 * generated at the first start and kept in {@code <home>/db.password} (mode 0600), over TCP from
 * 127.0.0.1 with SCRAM. A data directory made by an older Laguna (trust for every local user, no
 * password) is given a password in single-user mode, before the server listens at all.
 */
final class EmbeddedAccess {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedAccess.class);
    static final String USER = "postgres";
    static final String PASSWORD_FILE = "db.password";
    static final String HBA = """
            # Written by Laguna at every start of its embedded PostgreSQL: only password (SCRAM) logins,
            # over TCP from this machine. The password is in the Laguna home (db.password, mode 0600).
            host    all    all    127.0.0.1/32    scram-sha-256
            """;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dataDirectory;
    private final Path passwordFile;

    EmbeddedAccess(Path home, Path dataDirectory) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory is null");
        this.passwordFile = Objects.requireNonNull(home, "home is null").resolve(PASSWORD_FILE);
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Path passwordFile() {
        return passwordFile;
    }

    boolean initialized() {
        return Files.exists(dataDirectory.resolve("postgresql.conf"));
    }

    /** The superuser's password, made (and saved with mode 0600) if there is none yet. */
    String password() throws IOException {
        if (Files.exists(passwordFile)) {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).trim();
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        Path temporary = Files.createTempFile(passwordFile.getParent(), PASSWORD_FILE, ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, password + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, passwordFile, StandardCopyOption.ATOMIC_MOVE);
        return password;
    }

    /**
     * Before a start on an existing data directory: if it still lets anyone in without a password
     * (or the password file is gone), set the superuser's password from the file in single-user
     * mode; then write Laguna's pg_hba.conf.
     */
    void secureExisting() throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        boolean upgrade = !Files.exists(passwordFile) || !Files.exists(hba) || !Files.readString(hba).equals(HBA);
        if (upgrade) {
            LOG.info("Setting the password of the embedded PostgreSQL in {} (saved in {})", dataDirectory, passwordFile);
            setPasswordOffline(password());
        }
        Files.writeString(hba, HBA, StandardCharsets.UTF_8);
    }

    private void setPasswordOffline(String password) throws IOException {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as zonky does: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(binaries().resolve("bin/postgres").toString(), "--single", "-D", dataDirectory.toString(),
                "-c", "unix_socket_directories=", "-c", "listen_addresses=", "-c", "password_encryption=scram-sha-256", USER));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(("ALTER ROLE " + USER + " PASSWORD '" + password + "'\n").getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace(password, "***");
        try {
            int exit = process.waitFor();
            if (exit != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
                throw new IOException("setting the password in single-user mode failed (exit " + exit + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while setting the password", e);
        }
    }

    /** The directory zonky unpacks PostgreSQL's binaries into (unpacked now if need be). */
    private static Path binaries() throws IOException {
        try {
            Method prepare = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
            prepare.setAccessible(true);
            return ((File) prepare.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException | RuntimeException e) {
            throw new IOException("cannot find the embedded PostgreSQL's binaries: " + e, e);
        }
    }
}
