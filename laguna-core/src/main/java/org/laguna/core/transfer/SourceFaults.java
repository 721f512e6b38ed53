package org.laguna.core.transfer;

import java.io.InputStream;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ServerSideChecksums;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.transfer.FileStatus.SourceProblem;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the built-in transfer tool tells a failure of the source copy itself (missing, corrupted) from other failures. */
final class SourceFaults {
    private static final Logger LOG = LoggerFactory.getLogger(SourceFaults.class);

    private SourceFaults() {
    }

    static InputStream open(StorageProtocol from, TransferEndpoint source) {
        try {
            return from.openRead(source.pfn(), 0);
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.SOURCE_NOT_FOUND) {
                throw new SourceFault(SourceProblem.NOT_FOUND, e.getMessage());
            }
            throw e;
        }
    }

    /**
     * After a third-party copy did not match: the source is to blame when its own size, or the adler32 it computes itself
     * ({@link ServerSideChecksums}), differs from the catalogue's; otherwise nothing says which side was wrong.
     */
    static Optional<SourceFault> blame(StorageProtocol from, TransferEndpoint source, TransferFile file) {
        try {
            Optional<StoredObject> stat = from.stat(source.pfn());
            if (stat.isEmpty()) {
                return Optional.of(new SourceFault(SourceProblem.NOT_FOUND, "Source " + source.pfn() + " vanished during the copy"));
            }
            if (stat.get().size() != file.bytes()) {
                return Optional.of(new SourceFault(SourceProblem.CHECKSUM_MISMATCH, "Size mismatch at the source " + source.pfn() + ": "
                        + stat.get().size() + " bytes, the catalogue says " + file.bytes()));
            }
            if (file.adler32() != null && from instanceof ServerSideChecksums sums) {
                Optional<String> atSource = sums.checksum(source.pfn(), "adler32");
                if (atSource.isPresent() && !file.adler32().equalsIgnoreCase(atSource.get())) {
                    return Optional.of(new SourceFault(SourceProblem.CHECKSUM_MISMATCH, "Checksum mismatch at the source " + source.pfn()
                            + ": adler32 " + atSource.get() + ", the catalogue says " + file.adler32()));
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("Could not check the source " + source.pfn() + " after a failed copy: " + e);
        }
        return Optional.empty();
    }

    /** A failure that points at the source copy itself: it is missing, or its bytes are not the catalogue's. */
    static final class SourceFault extends LagunaException {
        private final transient SourceProblem problem;

        SourceFault(SourceProblem problem, String message) {
            super(problem == SourceProblem.NOT_FOUND ? ErrorCode.SOURCE_NOT_FOUND
                    : ErrorCode.CHECKSUM_MISMATCH, message);
            this.problem = problem;
        }

        SourceProblem problem() {
            return problem;
        }
    }
}
