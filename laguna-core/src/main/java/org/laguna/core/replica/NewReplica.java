package org.laguna.core.replica;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.common.Names;
import org.laguna.core.common.ReplicaState;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A file replica to register: the file's identity and checksums, and optionally its PFN, state, GUID
 * and other metadata keys ({@code meta}: set on the file when the replica makes it, as Rucio sets a
 * new file's {@code meta}; a file that exists keeps its metadata).
 */
public record NewReplica(String scope, String name, long bytes, String adler32, String md5, String pfn, ReplicaState state, UUID guid,
        ObjectNode meta) {
    /** A replica whose file has no GUID. */
    public NewReplica(String scope, String name, long bytes, String adler32, String md5, String pfn, ReplicaState state) {
        this(scope, name, bytes, adler32, md5, pfn, state, null, null);
    }

    /** A replica whose new file has no metadata beyond its GUID. */
    public NewReplica(String scope, String name, long bytes, String adler32, String md5, String pfn, ReplicaState state, UUID guid) {
        this(scope, name, bytes, adler32, md5, pfn, state, guid, null);
    }

    public NewReplica {
        Names.scope(scope);
        Names.name(name);
        if (bytes < 0) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "bytes of " + scope + ":" + name + " must not be negative, got " + bytes);
        }
        adler32 = adler32 == null ? null : Names.adler32(adler32);
        md5 = md5 == null ? null : Names.md5(md5);
        state = Objects.requireNonNullElse(state, ReplicaState.AVAILABLE);
        meta = meta == null || meta.isEmpty() ? null : meta.deepCopy();
    }
}
