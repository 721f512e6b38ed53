package org.laguna.core.db;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Ownership of a Laguna home by one live process: {@code <home>/laguna.lock} holds the owner's pid
 * and process start time (so a reused pid is not taken for the owner), and the process keeps an
 * operating-system lock on the file for its lifetime. A lock left by a dead process is taken over.
 */
public final class HomeLock implements AutoCloseable {
    static final String FILE_NAME = "laguna.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private HomeLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the home for this process.
     *
     * @throws LagunaException naming the owner if another live process holds the home
     */
    public static HomeLock acquire(Path home) {
        Objects.requireNonNull(home, "home is null");
        Path file = home.resolve(FILE_NAME);
        try {
            FileChannel channel = open(file);
            FileLock lock = tryLock(channel);
            Optional<Owner> recorded = Owner.read(channel);
            Owner self = Owner.current();
            boolean otherAlive = recorded.filter(owner -> owner.pid() != self.pid() && owner.isAlive()).isPresent();
            if (lock == null || otherAlive) {
                channel.close();
                throw inUse(home, recorded);
            }
            self.write(channel);
            return new HomeLock(channel, lock);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Cannot lock home " + home + ": " + e.getMessage(), e);
        }
    }

    /** The live process that holds the home, if any (read without taking the home). */
    public static Optional<Owner> liveOwner(Path home) {
        Path file = home.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return Owner.read(channel).filter(Owner::isAlive);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this JVM already
        }
    }

    private static LagunaException inUse(Path home, Optional<Owner> owner) {
        String who = owner.map(o -> " (pid " + o.pid() + ", started " + o.started() + ")").orElse("");
        return new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "another Laguna server" + who + " is using home " + home);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the operating system releases the lock with the channel in any case
        }
    }

    /** The process recorded in the lock file. */
    public record Owner(long pid, long startTicks, Instant started) {
        static Owner current() throws IOException {
            long pid = ProcessHandle.current().pid();
            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.now());
            return new Owner(pid, startTicks(pid).orElse(-1L), started);
        }

        static Optional<Owner> read(FileChannel channel) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
            channel.read(buffer, 0);
            Properties properties = new Properties();
            properties.load(new StringReader(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)));
            try {
                return Optional.of(new Owner(Long.parseLong(properties.getProperty("pid", "")),
                        Long.parseLong(properties.getProperty("start-ticks", "-1")),
                        Instant.parse(properties.getProperty("started", ""))));
            } catch (NumberFormatException | DateTimeParseException e) {
                return Optional.empty();
            }
        }

        void write(FileChannel channel) throws IOException {
            String text = "# The Laguna process that uses this home.\npid=" + pid + "\nstart-ticks=" + startTicks
                    + "\nstarted=" + started + "\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
        }

        /** Alive and the same process: its start time matches, so a pid reused by another process does not count. */
        public boolean isAlive() {
            try {
                Optional<Long> ticks = startTicks(pid);
                if (ticks.isPresent()) {
                    return startTicks < 0 || ticks.get() == startTicks;
                }
            } catch (IOException e) {
                // no /proc entry readable: fall back to the process table
            }
            return !Files.isDirectory(Path.of("/proc")) && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        /** Field 22 of {@code /proc/<pid>/stat}: when the process started, in clock ticks since boot. */
        static Optional<Long> startTicks(long pid) throws IOException {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat)) {
                return Optional.empty();
            }
            String text;
            try {
                text = Files.readString(stat, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            String[] fields = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
            return Optional.of(Long.parseLong(fields[19]));
        }
    }
}
