package org.laguna.storage.webdav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolContract;
import org.laguna.spi.storage.StorageProtocols;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The storage contract against a real WebDAV server (nginx with its DAV modules). Without nginx
 * every test that needs the server is reported as skipped (an assumption where the test first
 * reaches the server), the others still run.
 */
class WebDavStorageTest extends StorageProtocolContract {
    private static NginxDav nginx;
    private static StorageProtocol protocol;

    @BeforeAll
    static void start() throws Exception {
        nginx = null;
        if (!NginxDav.installed()) {
            return;
        }
        nginx = NginxDav.start(Files.createTempDirectory("laguna-webdav"));
        protocol = StorageProtocols.load().open(new StorageEndpoint("DAV_DISK", "http", "127.0.0.1", nginx.port(), "/rse", Map.of()), Map.of());
    }

    @AfterAll
    static void stop() {
        if (nginx != null) {
            nginx.close();
            nginx = null;
        }
    }

    @Override
    protected StorageProtocol protocol() {
        Assumptions.assumeTrue(nginx != null, NginxDav.NOT_INSTALLED);
        return protocol;
    }

    @Override
    protected String pfn(String relativePath) {
        Assumptions.assumeTrue(nginx != null, NginxDav.NOT_INSTALLED);
        return "http://127.0.0.1:" + nginx.port() + "/rse/" + relativePath;
    }

    @Test
    void davsPfnsMapToHttps() {
        WebDavStorage storage = new WebDavStorage(new StorageEndpoint("X", "davs", "dcache.example.org", 2880, "/pnfs", Map.of()), Map.of(), Optional.empty());
        assertThat(storage.uri("davs://dcache.example.org:2880/pnfs/a%20b").toString()).isEqualTo("https://dcache.example.org:2880/pnfs/a%2520b");
        assertThat(storage.uri("davs://dcache.example.org:2880/pnfs/file.root").getScheme()).isEqualTo("https");
        assertThatThrownBy(() -> storage.uri("davs://h:1/pnfs/../etc")).hasMessageContaining("..");
    }

    @Test
    void anUnreachableServerIsAClearError() {
        StorageProtocol down = StorageProtocols.load().open(new StorageEndpoint("DOWN", "http", "127.0.0.1", 1, "/", Map.of()), Map.of());
        assertThatThrownBy(() -> down.stat("http://127.0.0.1:1/x"))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.STORAGE_UNAVAILABLE))
                .hasMessageContaining("DOWN");
    }

    @Test
    void filesLandOnTheServersDisk() throws Exception {
        protocol().write(pfn("disk/check.txt"), new java.io.ByteArrayInputStream("on disk".getBytes()), 7);
        assertThat(Files.readString(nginx.root().resolve("rse/disk/check.txt"))).isEqualTo("on disk");
        try (var files = Files.walk(nginx.root())) {
            assertThat(files.map(Path::toString)).noneMatch(p -> p.endsWith(".laguna-part"));
        }
    }
}
