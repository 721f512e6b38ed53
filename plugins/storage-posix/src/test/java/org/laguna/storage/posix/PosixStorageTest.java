package org.laguna.storage.posix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.InterruptedWrites;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolContract;
import org.laguna.spi.storage.StorageProtocols;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.storage.ThirdPartyCopy;
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

    @Test
    void removesThePartFilesLeftBesideOnePfnAndNothingElse() throws Exception {
        Path dir = Files.createDirectories(root.resolve("left"));
        String uuid = "0f8fad5b-d9cb-469f-a165-70867728950e";
        Files.writeString(dir.resolve("a.dat"), "complete");
        Files.writeString(dir.resolve(".a.dat." + uuid + PosixStorage.PART_SUFFIX), "partial");
        Files.writeString(dir.resolve(".a.dat." + UUID.randomUUID() + PosixStorage.PART_SUFFIX), "partial too");
        Path otherFilesPart = dir.resolve(".a.dat.b." + uuid + PosixStorage.PART_SUFFIX);
        Files.writeString(otherFilesPart, "a part of a.dat.b");
        Path notAPart = dir.resolve(".a.dat.notes" + PosixStorage.PART_SUFFIX);
        Files.writeString(notAPart, "not named like a part file");

        assertThat(((InterruptedWrites) protocol).removeLeftovers(pfn("left/a.dat"))).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a.dat",
                    otherFilesPart.getFileName().toString(), notAPart.getFileName().toString());
        }
        assertThat(((InterruptedWrites) protocol).removeLeftovers(pfn("nowhere/a.dat"))).isZero();
    }

    @Test
    void copiesAFileOfTheSameHostWithinTheFileSystem(@TempDir Path elsewhere) throws Exception {
        Path source = elsewhere.resolve("source.dat");
        Files.writeString(source, "copied by the file system");
        ThirdPartyCopy copy = (ThirdPartyCopy) protocol;
        assertThat(copy.canCopyFrom("file://localhost" + source)).isTrue();
        StoredObject stored = copy.copyFrom("file://localhost" + source, pfn("tpc/a/copy.dat"), Files.size(source));
        assertThat(stored.size()).isEqualTo(Files.size(source));
        assertThat(Files.readString(root.resolve("tpc/a/copy.dat"))).isEqualTo("copied by the file system");
        assertThat(Files.readString(source)).isEqualTo("copied by the file system");
    }

    @Test
    void copiesOnlyFilePfnsOfTheSameHost() {
        ThirdPartyCopy copy = (ThirdPartyCopy) protocol;
        assertThat(copy.canCopyFrom("file://LOCALHOST/data/x")).isTrue();
        assertThat(copy.canCopyFrom("file://other-host/data/x")).isFalse();
        assertThat(copy.canCopyFrom("s3://localhost:9000/bucket/x")).isFalse();
        assertThat(copy.canCopyFrom("file://localhost")).isFalse();
        assertThatThrownBy(() -> copy.copyFrom("file://other-host/data/x", pfn("tpc/x"), 1)).hasMessageContaining("other-host");
        assertThatThrownBy(() -> copy.copyFrom("file://localhost" + root + "/x", pfn("../outside"), 1)).hasMessageContaining("..");
    }

    @Test
    void aMissingSourceIsSourceNotFound() {
        assertThatThrownBy(() -> ((ThirdPartyCopy) protocol).copyFrom(pfn("never-written.dat"), pfn("tpc/copy.dat"), 1))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND))
                .hasMessageContaining("never-written.dat");
        assertThat(protocol.stat(pfn("tpc/copy.dat"))).isEmpty();
    }

    @Test
    void aCopyOfTheWrongSizeLeavesNoObjectAndNoTemporaryFile() throws Exception {
        Files.writeString(root.resolve("ten.dat"), "0123456789");
        assertThatThrownBy(() -> ((ThirdPartyCopy) protocol).copyFrom(pfn("ten.dat"), pfn("tpc/b/copy.dat"), 11))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
        try (var files = Files.walk(root.resolve("tpc"))) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aCopyOverAnExistingObjectReplacesItWhole() throws Exception {
        Files.writeString(root.resolve("new.dat"), "new content");
        protocol.write(pfn("tpc/replaced.dat"), new ByteArrayInputStream(new byte[] {1, 2}), 2);
        ((ThirdPartyCopy) protocol).copyFrom(pfn("new.dat"), pfn("tpc/replaced.dat"), 11);
        assertThat(Files.readString(root.resolve("tpc/replaced.dat"))).isEqualTo("new content");
    }
}
