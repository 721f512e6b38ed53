package org.laguna.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolContract;
import org.laguna.spi.storage.StorageProtocols;
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
}
