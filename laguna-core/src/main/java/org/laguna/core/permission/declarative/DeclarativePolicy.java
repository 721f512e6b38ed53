package org.laguna.core.permission.declarative;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.CatalogueView;
import org.laguna.spi.policy.PermissionPolicy;
import org.laguna.spi.policy.PermissionRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The permission policy written in a policy file ({@code policy.file}). The file is read again
 * when it changes (checked at most once a second); a changed file that is not a valid policy is
 * refused with a message naming its line, and the policy read before stays in force.
 */
public final class DeclarativePolicy implements PermissionPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(DeclarativePolicy.class);
    private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path file;
    private volatile PolicyDocument document;
    private volatile FileTime loadedModified;
    private volatile long loadedSize;
    private volatile long nextCheck;
    private volatile Optional<String> lastError = Optional.empty();

    private DeclarativePolicy(Path file, PolicyDocument document, FileTime modified, long size) {
        this.file = file;
        this.document = document;
        this.loadedModified = modified;
        this.loadedSize = size;
        this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
    }

    /**
     * Reads the policy file.
     *
     * @throws LagunaException InvalidValueForKey if the file can not be read or is not a valid policy
     */
    public static DeclarativePolicy load(Path file) {
        Objects.requireNonNull(file, "file is null");
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            return new DeclarativePolicy(file, PolicyDocument.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()), modified, size);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Can not read the permission policy file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String name() {
        return "file";
    }

    /** The file this policy was read from. */
    public Path file() {
        return file;
    }

    /** Why the last change to the file was refused, if it was. */
    public Optional<String> lastError() {
        return lastError;
    }

    /** The policy in force. */
    public PolicyDocument document() {
        return document;
    }

    @Override
    public boolean isAllowed(PermissionRequest request, CatalogueView catalogue) {
        return decide(request, TokenGrants.NONE, PolicyFacts.of(catalogue)).allowed();
    }

    /** Decides with the token's grants and the catalogue's facts, saying which statement decided. */
    public Decision decide(PermissionRequest request, TokenGrants grants, PolicyFacts facts) {
        if (System.nanoTime() - nextCheck >= 0) {
            reloadIfChanged();
        }
        return document.decide(request, grants, facts);
    }

    /**
     * Reads the file again if its time or size changed since it was read. A file that is not a
     * valid policy is refused: the policy in force stays, and the reason is logged and kept in
     * {@link #lastError()}.
     *
     * @return true if a new policy is now in force
     */
    public synchronized boolean reloadIfChanged() {
        nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(file);
            size = Files.size(file);
        } catch (IOException e) {
            return refuse("Can not read the permission policy file " + file + ": " + e.getMessage());
        }
        if (modified.equals(loadedModified) && size == loadedSize) {
            return false;
        }
        try {
            PolicyDocument next = PolicyDocument.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
            document = next;
            loadedModified = modified;
            loadedSize = size;
            lastError = Optional.empty();
            LOG.info("Permission policy {} reloaded: statements {}", file, next.statementIds());
            return true;
        } catch (IOException | LagunaException e) {
            return refuse(e.getMessage());
        }
    }

    private boolean refuse(String message) {
        if (lastError.map(message::equals).orElse(false)) {
            return false;
        }
        lastError = Optional.of(message);
        LOG.warn("{}; the permission policy read before stays in force", message);
        return false;
    }
}
