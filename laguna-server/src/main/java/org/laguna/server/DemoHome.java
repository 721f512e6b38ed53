package org.laguna.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** The demo's home: where its log goes, and its removal at the end. */
final class DemoHome {
    /** The log file's name in the demo's home. */
    static final String LOG = "laguna.log";

    private DemoHome() {
    }

    /**
     * Sends the log (every logger of the process: Laguna's, the embedded PostgreSQL's, the web
     * server's) to {@value #LOG} in the home, so that the terminal shows only the demo's steps. It
     * takes effect only before the first log line of the process, which the demo's start is.
     */
    static Path logTo(Path home) throws IOException {
        Path log = Files.createDirectories(home).resolve(LOG).toAbsolutePath();
        System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
        return log;
    }

    /** Removes the home and everything in it; what is already gone is no error. */
    static void delete(Path home) {
        try {
            Files.walkFileTree(home, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // nothing left to remove
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove the demo's home " + home + ": " + e.getMessage(), e);
        }
    }
}
