package org.laguna.transfer.fts3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.laguna.spi.transfer.TransferToolException;

/**
 * The bearer token sent to FTS3: a fixed one, or the content of a file that another process
 * renews (oidc-agent, a cron job); the file is read again whenever its modification time or size
 * changes.
 */
final class BearerToken {
    private final Optional<String> fixed;
    private final Optional<Path> file;
    private FileTime readAt;
    private long readSize = -1;
    private String current;

    BearerToken(Optional<String> fixed, Optional<Path> file) {
        this.fixed = fixed;
        this.file = file;
    }

    /** The value of the Authorization header, or empty when no token is configured. */
    synchronized Optional<String> header() {
        if (fixed.isPresent()) {
            return Optional.of("Bearer " + fixed.get());
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = file.get();
        try {
            FileTime modified = Files.getLastModifiedTime(path);
            long size = Files.size(path);
            if (current == null || !modified.equals(readAt) || size != readSize) {
                String token = Files.readString(path, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new TransferToolException("FTS3 token file " + path + " is empty");
                }
                current = token;
                readAt = modified;
                readSize = size;
            }
            return Optional.of("Bearer " + current);
        } catch (IOException e) {
            throw new TransferToolException("Cannot read the FTS3 token file " + path + ": " + e, false, e);
        }
    }
}
