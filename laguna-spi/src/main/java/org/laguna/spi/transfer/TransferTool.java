package org.laguna.spi.transfer;

import java.util.Collection;
import java.util.Map;

/**
 * Moves files between storage endpoints for the conveyor. The conveyor's submitter hands jobs
 * over with {@link #submit}, its poller asks for their state with {@link #query}, and its
 * finisher acts on the outcome; a tool never touches the catalogue.
 *
 * <p>A tool's job ids are opaque to the conveyor and are stored with the requests, so that a
 * poller in another process (or after a restart) can ask for them again.
 */
public interface TransferTool extends AutoCloseable {
    /** The name recorded with each request it took, for example {@code builtin} or {@code fts3}. */
    String name();

    /**
     * Submits one job and returns the tool's id for it.
     *
     * @throws TransferToolException with {@link TransferToolException#outcomeUnknown()} when the
     *     job may have been accepted (a timeout): the conveyor then polls instead of resubmitting
     */
    String submit(TransferJob job);

    /** The state of the given jobs; ids the tool does not know are absent from the result. */
    Map<String, JobStatus> query(Collection<String> jobIds);

    /**
     * Whether the bytes pass through the tool's own process, so that it copies in one hop between
     * any two storages it can reach whatever their protocols (the built-in tool). A third-party-copy
     * tool (FTS3) needs a compatible protocol pair for each hop: for it the conveyor plans multi-hop
     * paths where no direct pair exists.
     */
    default boolean bridgesProtocols() {
        return false;
    }

    /** Asks the tool to stop the given jobs; jobs already finished are left as they are. */
    void cancel(Collection<String> jobIds);

    @Override
    default void close() {
    }
}
