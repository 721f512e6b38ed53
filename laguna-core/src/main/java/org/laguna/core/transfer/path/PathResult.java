package org.laguna.core.transfer.path;

import java.util.Objects;
import java.util.Optional;

/** What the path finder found: a path, or the reason there is none. */
public sealed interface PathResult {
    /** The path, if one was found. */
    default Optional<TransferPath> path() {
        return this instanceof Found found ? Optional.of(found.transferPath()) : Optional.empty();
    }

    /** A path from one of the sources. */
    record Found(TransferPath transferPath) implements PathResult {
        public Found {
            Objects.requireNonNull(transferPath, "transferPath is null");
        }
    }

    /** No path, and why, in words that name the RSEs. */
    record NotFound(Reason reason, String message) implements PathResult {
        public NotFound {
            Objects.requireNonNull(reason, "reason is null");
            Objects.requireNonNull(message, "message is null");
        }
    }

    /** Why there is no path, most specific first. */
    enum Reason {
        /** No source RSE was given, or none of them is known. */
        NO_SOURCE,
        /** The destination is not a known RSE. */
        UNKNOWN_DESTINATION,
        /** The destination is one of the sources: there is nothing to copy. */
        ALREADY_AT_DESTINATION,
        /** No chain of distances leads from a source to the destination through RSEs available for multi-hop. */
        NO_LINK,
        /** Linked RSEs exist, but no chain of them has a protocol pair able to copy on every hop. */
        NO_COMPATIBLE_PROTOCOL,
        /** A path exists but needs more hops than allowed. */
        TOO_MANY_HOPS
    }
}
