package org.laguna.core.replica;

import java.util.Objects;
import org.laguna.core.common.Names;
import org.laguna.core.common.ReplicaState;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** A file replica to register: the file's identity and checksums, and optionally its PFN and state. */
public record NewReplica(String scope, String name, long bytes, String adler32, String md5, String pfn, ReplicaState state) {
    public NewReplica {
        Names.scope(scope);
        Names.name(name);
        if (bytes < 0) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "bytes of " + scope + ":" + name + " must not be negative, got " + bytes);
        }
        adler32 = adler32 == null ? null : Names.adler32(adler32);
        md5 = md5 == null ? null : Names.md5(md5);
        state = Objects.requireNonNullElse(state, ReplicaState.AVAILABLE);
    }
}
