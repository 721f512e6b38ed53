package org.laguna.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocols;

class S3StorageFactoryTest {
    @Test
    void saysItSignsUrlsOfItsSchemesAndTheStorageItOpensDoes() throws Exception {
        assertThat(StorageProtocols.load().canSignUrls("s3")).isTrue();
        assertThat(StorageProtocols.load().canSignUrls("s3s")).isTrue();
        assertThat(new S3StorageFactory().canSignUrls("file")).isFalse();
        try (StorageProtocol opened = new S3StorageFactory().create(new StorageEndpoint("S3_DISK", "s3", "127.0.0.1", 9, "/bucket",
                Map.of("insecure", true)), Map.of("access_key", "a", "secret_key", "b"))) {
            assertThat(opened).isInstanceOf(SignedUrls.class);
        }
    }
}
