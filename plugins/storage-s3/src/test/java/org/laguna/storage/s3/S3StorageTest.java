package org.laguna.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolContract;
import org.laguna.spi.storage.StorageProtocols;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.storage.ThirdPartyCopy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The storage contract against a real S3 server (s3proxy, filesystem-backed, in-process). */
class S3StorageTest extends StorageProtocolContract {
    private static S3ProxyServer proxy;
    private static StorageProtocol protocol;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("bucket", "laguna-access", "laguna-secret");
        proxy.createBucket("other");
        port = proxy.port();
        protocol = StorageProtocols.load().open(new StorageEndpoint("S3_DISK", "s3", "127.0.0.1", port, "/bucket", Map.of("insecure", true)),
                Map.of("access_key", "laguna-access", "secret_key", "laguna-secret"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (protocol != null) {
            protocol.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Override
    protected StorageProtocol protocol() {
        return protocol;
    }

    @Override
    protected String pfn(String relativePath) {
        return "s3://127.0.0.1:" + port + "/bucket/" + relativePath;
    }

    @Test
    void largeObjectsGoUpInParts() throws Exception {
        byte[] data = new byte[(int) S3Storage.PART_SIZE + 1_000_000];
        new Random(5).nextBytes(data);
        protocol.write(pfn("big/object.bin"), new ByteArrayInputStream(data), data.length);
        assertThat(protocol.stat(pfn("big/object.bin"))).hasValueSatisfying(o -> assertThat(o.size()).isEqualTo(data.length));
        try (InputStream in = protocol.openRead(pfn("big/object.bin"), data.length - 10)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(data, data.length - 10, data.length));
        }
    }

    @Test
    void aSignedPutAndGetWorkWithPlainHttpAndNoKeysAndOnePutTakesAtMostFiveGib() throws Exception {
        SignedUrls signer = (SignedUrls) protocol;
        assertThat(signer.maxSignedWriteBytes()).isEqualTo(5L * 1024 * 1024 * 1024);
        URI put = signer.signedUrl(pfn("signed/put.dat"), "write", Duration.ofMinutes(5));
        assertThat(put.getScheme()).isEqualTo("http");
        assertThat(put.getRawQuery()).contains("X-Amz-Signature=").doesNotContain("laguna-secret");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> stored = http.send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofString("written by a third party"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(signer.signedUrl(pfn("signed/put.dat"), "read", Duration.ofMinutes(5)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.body()).isEqualTo("written by a third party");
        HttpResponse<String> other = http.send(HttpRequest.newBuilder(URI.create(put.toString().replace("/put.dat?", "/other.dat?")))
                .PUT(HttpRequest.BodyPublishers.ofString("refused")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(other.statusCode()).as("the signature covers one object only").isEqualTo(403);
    }

    @Test
    void wrongCredentialsAreAccessDenied() {
        try (StorageProtocol wrong = StorageProtocols.load().open(
                new StorageEndpoint("S3_DISK", "s3", "127.0.0.1", port, "/bucket", Map.of("insecure", true)),
                Map.of("access_key", "laguna-access", "secret_key", "wrong"))) {
            assertThatThrownBy(() -> wrong.write(pfn("denied.dat"), new ByteArrayInputStream(new byte[] {1}), 1))
                    .isInstanceOf(LagunaException.class)
                    .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.STORAGE_ACCESS_DENIED));
        }
    }

    @Test
    void pfnsNeedABucketAndAKey() {
        assertThat(S3Storage.location("s3://h:9000/bucket/a/b.dat")).isEqualTo(new S3Storage.Location("bucket", "a/b.dat"));
        assertThatThrownBy(() -> S3Storage.location("s3://h:9000/bucket")).hasMessageContaining("bucket and a key");
        assertThatThrownBy(() -> S3Storage.location("s3://h:9000/bucket/../x")).hasMessageContaining("..");
    }

    @Test
    void copiesServerSideFromAnotherBucketOfTheSameEndpointWithTheChecksumMetadata() throws Exception {
        byte[] data = "copied without passing through the client".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String source = "s3://127.0.0.1:" + port + "/other/tpc/source.dat";
        StoredObject written = protocol.write(source, new ByteArrayInputStream(data), data.length);
        assertThat(protocol).isInstanceOf(ThirdPartyCopy.class);
        StoredObject copied = ((ThirdPartyCopy) protocol).copyFrom(source, pfn("tpc/copy.dat"), data.length);
        assertThat(copied.size()).isEqualTo(data.length);
        assertThat(copied.adler32()).isEqualTo(written.adler32()).contains(adler32(data));
        assertThat(protocol.stat(pfn("tpc/copy.dat"))).hasValueSatisfying(o -> assertThat(o.adler32()).contains(adler32(data)));
        try (InputStream in = protocol.openRead(pfn("tpc/copy.dat"), 0)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void largeObjectsAreCopiedInPartsWithTheirMetadata() throws Exception {
        int partSize = 5 * 1024 * 1024;
        byte[] data = new byte[2 * partSize + 123_456];
        new Random(7).nextBytes(data);
        String source = pfn("tpc/large-source.bin");
        protocol.write(source, new ByteArrayInputStream(data), data.length);
        try (S3Storage smallParts = new S3Storage(new StorageEndpoint("S3_DISK", "s3", "127.0.0.1", port, "/bucket", Map.of("insecure", true)),
                Map.of("access_key", "laguna-access", "secret_key", "laguna-secret"), partSize, partSize)) {
            smallParts.copyFrom(source, pfn("tpc/large-copy.bin"), data.length);
        }
        try (InputStream in = protocol.openRead(pfn("tpc/large-copy.bin"), 0)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(protocol.stat(pfn("tpc/large-copy.bin"))).hasValueSatisfying(o -> assertThat(o.adler32()).contains(adler32(data)));
        String small = pfn("tpc/small-with-metadata.dat");
        protocol.write(small, new ByteArrayInputStream(new byte[] {1, 2, 3}), 3);
        try (S3Storage tinyParts = new S3Storage(new StorageEndpoint("S3_DISK", "s3", "127.0.0.1", port, "/bucket", Map.of("insecure", true)),
                Map.of("access_key", "laguna-access", "secret_key", "laguna-secret"), 1, partSize)) {
            assertThat(tinyParts.copyFrom(small, pfn("tpc/small-copy.dat"), 3).adler32()).contains(adler32(new byte[] {1, 2, 3}));
        }
        assertThat(protocol.stat(pfn("tpc/small-copy.dat"))).hasValueSatisfying(o -> assertThat(o.adler32()).contains(adler32(new byte[] {1, 2, 3})));
    }

    @Test
    void aMissingSourceIsSourceNotFoundAndLeavesNothing() {
        String missing = pfn("tpc/never-written.dat");
        assertThatThrownBy(() -> ((ThirdPartyCopy) protocol).copyFrom(missing, pfn("tpc/not-copied.dat"), 10))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND))
                .hasMessageContaining("never-written.dat");
        assertThat(protocol.stat(pfn("tpc/not-copied.dat"))).isEmpty();
    }

    @Test
    void aSourceOfAnotherSizeIsRefusedAndLeavesNothing() {
        String source = pfn("tpc/five.dat");
        protocol.write(source, new ByteArrayInputStream(new byte[5]), 5);
        assertThatThrownBy(() -> ((ThirdPartyCopy) protocol).copyFrom(source, pfn("tpc/wrong-size.dat"), 6))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.CHECKSUM_MISMATCH));
        assertThat(protocol.stat(pfn("tpc/wrong-size.dat"))).isEmpty();
    }

    @Test
    void copiesOnlyFromTheSameSchemeHostAndPort() {
        ThirdPartyCopy copy = (ThirdPartyCopy) protocol;
        assertThat(copy.canCopyFrom("s3://127.0.0.1:" + port + "/other/x")).isTrue();
        assertThat(copy.canCopyFrom("s3://127.0.0.1:" + (port + 1) + "/bucket/x")).isFalse();
        assertThat(copy.canCopyFrom("s3://localhost.example:" + port + "/bucket/x")).isFalse();
        assertThat(copy.canCopyFrom("s3s://127.0.0.1:" + port + "/bucket/x")).isFalse();
        assertThat(copy.canCopyFrom("file://127.0.0.1/bucket/x")).isFalse();
        assertThat(copy.canCopyFrom("not a pfn")).isFalse();
        assertThatThrownBy(() -> copy.copyFrom("s3://elsewhere:9000/bucket/x", pfn("tpc/x"), 1)).hasMessageContaining("elsewhere");
    }

    private static String adler32(byte[] data) {
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(data);
        return String.format(java.util.Locale.ROOT, "%08x", adler.getValue());
    }
}
