package org.laguna.core.dirac;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.UUID;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * One file of DIRAC's bulk add: its logical file name (a path, {@code /vo/scope/dir/.../file}), the RSE
 * of its replica, size, checksum, and optionally GUID, PFN and metadata.
 */
public record DiracFile(String lfn, String rse, long bytes, String adler32, UUID guid, String pfn, ObjectNode meta) {
    public DiracFile {
        Objects.requireNonNull(lfn, "lfn is null");
        if (!lfn.startsWith("/")) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "lfn '" + lfn + "' is not a path starting with '/'");
        }
        if (rse == null || rse.isBlank()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "rse of " + lfn + " not defined");
        }
        meta = meta == null ? null : meta.deepCopy();
    }
}
