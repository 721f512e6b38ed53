package org.laguna.spi.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult.Status;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.testing.ContractRun;

/** What the storage contract reports for a plugin that has none of the optional abilities. */
class StorageProtocolContractTest {
    /** Only the required operations, in memory; not run by the build itself (a nested class), only through {@link ContractRun}. */
    static final class MinimalStorage implements StorageProtocol {
        private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

        @Override
        public Optional<StoredObject> stat(String pfn) {
            return Optional.ofNullable(objects.get(pfn)).map(bytes -> StoredObject.ofSize(pfn, bytes.length));
        }

        @Override
        public InputStream openRead(String pfn, long offset) {
            byte[] bytes = objects.get(pfn);
            if (bytes == null) {
                throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such object: " + pfn);
            }
            return new java.io.ByteArrayInputStream(Arrays.copyOfRange(bytes, (int) offset, bytes.length));
        }

        @Override
        public StoredObject write(String pfn, InputStream content, long size) {
            byte[] bytes;
            try {
                bytes = content.readNBytes((int) size);
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Writing " + pfn + " failed: " + e.getMessage(), e);
            }
            if (bytes.length != size) {
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Short stream for " + pfn);
            }
            objects.put(pfn, bytes);
            return StoredObject.ofSize(pfn, size);
        }

        @Override
        public void delete(String pfn) {
            objects.remove(pfn);
        }
    }

    static class AgainstMinimalStorage extends StorageProtocolContract {
        private final MinimalStorage storage = new MinimalStorage();

        @Override
        protected StorageProtocol protocol() {
            return storage;
        }

        @Override
        protected String pfn(String relativePath) {
            return "mem://store/" + relativePath;
        }
    }

    @Test
    void testsOfAbilitiesAPluginLacksAreReportedSkippedNotPassed() {
        Map<String, Status> outcomes = ContractRun.outcomes(AgainstMinimalStorage.class);
        assertThat(outcomes).containsEntry("listingFindsEveryObjectUnderAPrefix", Status.ABORTED)
                .containsEntry("serverSideChecksumsMatchTheBytes", Status.ABORTED)
                .containsEntry("signedUrlsReadWriteAndDeleteWithoutCredentials", Status.ABORTED)
                .containsEntry("aThirdPartyCopyStoresTheSourcesBytes", Status.ABORTED);
        assertThat(outcomes).containsEntry("writtenBytesReadBackAndStatGivesTheSize", Status.SUCCESSFUL)
                .containsEntry("deleteRemovesAndIsIdempotent", Status.SUCCESSFUL)
                .containsEntry("anInterruptedWriteLeavesThePreviousObjectIntact", Status.SUCCESSFUL);
    }
}
