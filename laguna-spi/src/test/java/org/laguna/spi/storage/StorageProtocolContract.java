package org.laguna.spi.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every storage plugin shares, run by each plugin's test against a real server (or
 * file system) of its kind. A subclass gives the protocol and a PFN for a relative path.
 */
public abstract class StorageProtocolContract {
    /** The protocol under test, talking to a real storage. */
    protected abstract StorageProtocol protocol();

    /** The PFN of a path relative to the endpoint's prefix. */
    protected abstract String pfn(String relativePath);

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void writtenBytesReadBackAndStatGivesTheSize() throws IOException {
        byte[] data = bytes(200_000, 1);
        String pfn = pfn("contract/a/b/written.dat");
        protocol().write(pfn, new ByteArrayInputStream(data), data.length);
        assertThat(protocol().stat(pfn)).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(data.length));
        try (InputStream in = protocol().openRead(pfn, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void readsFromAnOffset() throws IOException {
        String pfn = pfn("contract/offset.txt");
        byte[] data = "0123456789".getBytes(StandardCharsets.US_ASCII);
        protocol().write(pfn, new ByteArrayInputStream(data), data.length);
        try (InputStream in = protocol().openRead(pfn, 6)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("6789");
        }
    }

    @Test
    void aMissingObjectHasNoStatAndCannotBeRead() {
        String pfn = pfn("contract/never-written.dat");
        assertThat(protocol().stat(pfn)).isEmpty();
        assertThatThrownBy(() -> protocol().openRead(pfn, 0).close())
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND))
                .hasMessageContaining("never-written.dat");
    }

    @Test
    void aShortStreamLeavesNoObjectBehind() {
        String pfn = pfn("contract/short.dat");
        byte[] data = bytes(1000, 2);
        assertThatThrownBy(() -> protocol().write(pfn, new ByteArrayInputStream(data), data.length + 10))
                .isInstanceOf(LagunaException.class);
        assertThat(protocol().stat(pfn)).isEmpty();
    }

    @Test
    void anInterruptedWriteLeavesThePreviousObjectIntact() {
        String pfn = pfn("contract/replace.dat");
        byte[] first = bytes(5000, 3);
        protocol().write(pfn, new ByteArrayInputStream(first), first.length);
        InputStream failing = new InputStream() {
            private int served;

            @Override
            public int read() throws IOException {
                if (served++ > 100) {
                    throw new IOException("connection lost");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> protocol().write(pfn, failing, 5000)).isInstanceOf(LagunaException.class);
        assertThat(protocol().stat(pfn)).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(first.length));
    }

    @Test
    void deleteRemovesAndIsIdempotent() {
        String pfn = pfn("contract/deleted.dat");
        protocol().write(pfn, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        protocol().delete(pfn);
        assertThat(protocol().stat(pfn)).isEmpty();
        protocol().delete(pfn);
    }

    @Test
    void listingFindsEveryObjectUnderAPrefix() {
        assumeTrue(protocol() instanceof ListableStorage, lacks("ListableStorage"));
        ListableStorage listable = (ListableStorage) protocol();
        for (String name : List.of("contract/tree/x1", "contract/tree/sub/x2", "contract/tree/sub/deeper/x3")) {
            protocol().write(pfn(name), new ByteArrayInputStream(new byte[] {9}), 1);
        }
        List<String> found = new ArrayList<>();
        listable.list(pfn("contract/tree"), o -> found.add(o.pfn()));
        assertThat(found).containsExactlyInAnyOrder(pfn("contract/tree/x1"), pfn("contract/tree/sub/x2"), pfn("contract/tree/sub/deeper/x3"));
    }

    @Test
    void anObjectThatVanishesWhileTheTreeIsListedIsLeftOutWithoutAnError() {
        assumeTrue(protocol() instanceof ListableStorage, lacks("ListableStorage"));
        ListableStorage listable = (ListableStorage) protocol();
        List<String> written = new ArrayList<>();
        for (String dir : List.of("contract/vanish/a/", "contract/vanish/b/")) {
            for (int i = 0; i < 10; i++) {
                written.add(pfn(dir + "f" + i));
                protocol().write(written.get(written.size() - 1), new ByteArrayInputStream(new byte[] {7}), 1);
            }
        }
        List<String> found = new ArrayList<>();
        // the first object listed removes all the others, as a finished transfer renames its temporary file away
        listable.list(pfn("contract/vanish"), o -> {
            if (found.isEmpty()) {
                written.stream().filter(pfn -> !pfn.equals(o.pfn())).forEach(pfn -> protocol().delete(pfn));
            }
            found.add(o.pfn());
        });
        // a listing read in pages (S3) may still name what went after its page was read; it never fails, nor invents objects
        assertThat(found).isNotEmpty();
        assertThat(written).containsAll(found);
    }

    @Test
    void serverSideChecksumsMatchTheBytes() {
        assumeTrue(protocol() instanceof ServerSideChecksums, lacks("ServerSideChecksums"));
        ServerSideChecksums checksums = (ServerSideChecksums) protocol();
        String pfn = pfn("contract/checksum.txt");
        byte[] data = "Wikipedia".getBytes(StandardCharsets.US_ASCII);
        protocol().write(pfn, new ByteArrayInputStream(data), data.length);
        assertThat(checksums.checksum(pfn, "adler32")).contains("11e60398");
        assertThat(checksums.checksum(pfn, "md5")).contains(md5Hex(data));
    }

    @Test
    void signedUrlsReadWriteAndDeleteWithoutCredentials() throws Exception {
        assumeTrue(protocol() instanceof SignedUrls, lacks("SignedUrls"));
        SignedUrls signing = (SignedUrls) protocol();
        byte[] data = bytes(3000, 4);
        String pfn = pfn("contract/signed/read.dat");
        protocol().write(pfn, new ByteArrayInputStream(data), data.length);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> read = http.send(HttpRequest.newBuilder(signing.signedUrl(pfn, "read", Duration.ofMinutes(5))).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(data);

        String written = pfn("contract/signed/written.dat");
        HttpResponse<Void> put = http.send(HttpRequest.newBuilder(signing.signedUrl(written, "write", Duration.ofMinutes(5)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build(), HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).isBetween(200, 299);
        assertThat(protocol().stat(written)).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(data.length));

        HttpResponse<Void> delete = http.send(HttpRequest.newBuilder(signing.signedUrl(written, "delete", Duration.ofMinutes(5)))
                .DELETE().build(), HttpResponse.BodyHandlers.discarding());
        assertThat(delete.statusCode()).isBetween(200, 299);
        assertThat(protocol().stat(written)).isEmpty();
    }

    @Test
    void aSignedUrlForAnUnknownOperationIsRefused() {
        assumeTrue(protocol() instanceof SignedUrls, lacks("SignedUrls"));
        assertThatThrownBy(() -> ((SignedUrls) protocol()).signedUrl(pfn("contract/signed/x"), "rename", Duration.ofMinutes(5)))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.VALUE_ERROR));
    }

    @Test
    void aThirdPartyCopyStoresTheSourcesBytes() throws IOException {
        assumeTrue(protocol() instanceof ThirdPartyCopy, lacks("ThirdPartyCopy"));
        ThirdPartyCopy copier = (ThirdPartyCopy) protocol();
        byte[] data = bytes(70_000, 5);
        String source = pfn("contract/tpc/source.dat");
        String target = pfn("contract/tpc/copy.dat");
        protocol().write(source, new ByteArrayInputStream(data), data.length);
        assertThat(copier.canCopyFrom(source)).isTrue();
        assertThat(copier.copyFrom(source, target, data.length).size()).isEqualTo(data.length);
        try (InputStream in = protocol().openRead(target, 0)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(protocol().stat(source)).as("the source stays").isPresent();
    }

    @Test
    void aThirdPartyCopyOfAMissingOrWrongSizedSourceFailsAndLeavesNothing() {
        assumeTrue(protocol() instanceof ThirdPartyCopy, lacks("ThirdPartyCopy"));
        ThirdPartyCopy copier = (ThirdPartyCopy) protocol();
        String target = pfn("contract/tpc/never.dat");
        assertThatThrownBy(() -> copier.copyFrom(pfn("contract/tpc/no-such-source.dat"), target, 10))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND));
        String source = pfn("contract/tpc/sized.dat");
        protocol().write(source, new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), 4);
        assertThatThrownBy(() -> copier.copyFrom(source, target, 5))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
        assertThat(protocol().stat(target)).isEmpty();
    }

    @Test
    void aThirdPartyCopyFromSomewhereItCannotReachIsRefusedUpFront() {
        assumeTrue(protocol() instanceof ThirdPartyCopy, lacks("ThirdPartyCopy"));
        ThirdPartyCopy copier = (ThirdPartyCopy) protocol();
        String elsewhere = "gsiftp://elsewhere.example.org:2811/data/file.dat";
        assertThat(copier.canCopyFrom(elsewhere)).isFalse();
        assertThatThrownBy(() -> copier.copyFrom(elsewhere, pfn("contract/tpc/elsewhere.dat"), 10))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_PATH));
    }

    private String lacks(String ability) {
        return protocol().getClass().getSimpleName() + " does not implement " + ability;
    }

    private static String md5Hex(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
