package org.laguna.storage.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolContract;
import org.laguna.spi.storage.StorageProtocols;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PosixStorageTest extends StorageProtocolContract {
    @TempDir
    Path root;

    private StorageProtocol protocol;

    @BeforeEach
    void open() {
        protocol = StorageProtocols.load().open(new StorageEndpoint("POSIX_DISK", "file", "localhost", 0, root.toString(), Map.of()), Map.of());
    }

    @Override
    protected StorageProtocol protocol() {
        return protocol;
    }

    @Override
    protected String pfn(String relativePath) {
        return "file://localhost" + root + "/" + relativePath;
    }

    @Test
    void isFoundByItsScheme() {
        assertThat(StorageProtocols.load().supports("file")).isTrue();
    }

    @Test
    void refusesPfnsOutsideThePrefix() {
        assertThatThrownBy(() -> protocol.stat("file://localhost/etc/passwd"))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_PATH));
        assertThatThrownBy(() -> protocol.write(pfn("../escape.dat"), new ByteArrayInputStream(new byte[1]), 1))
                .hasMessageContaining("..");
    }

    @Test
    void leavesNoTemporaryFilesAfterAFailedWrite() throws Exception {
        try {
            protocol.write(pfn("tmp/f.dat"), new ByteArrayInputStream(new byte[3]), 10);
        } catch (LagunaException expected) {
            // the short stream is refused
        }
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }
}
