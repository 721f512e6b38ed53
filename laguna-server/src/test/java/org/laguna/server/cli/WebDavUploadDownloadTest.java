package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.webdav.NginxDav;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upload, list and download through a WebDAV RSE served by a real nginx. */
class WebDavUploadDownloadTest {
    private static TestServer server;
    private static Rest root;
    private static NginxDav nginx;

    @TempDir
    Path work;

    @BeforeEach
    void needsNginx() {
        Assumptions.assumeTrue(nginx != null, NginxDav.NOT_INSTALLED);
    }

    @BeforeAll
    static void start() throws Exception {
        if (!NginxDav.installed()) {
            return;
        }
        nginx = NginxDav.start(Files.createTempDirectory("laguna-dav-rse"));
        server = TestServer.start();
        root = server.root();
        server.createScope("dav", "root");
        root.post("/rses/DAV_DISK", Map.of());
        root.post("/rses/DAV_DISK/protocols/http", Map.of("hostname", "127.0.0.1", "port", nginx.port(), "prefix", "/rse",
                "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (nginx != null) {
            nginx.close();
        }
    }

    @Test
    void filesGoUpAndComeBackVerified() throws Exception {
        Path in = work.resolve("in");
        Files.createDirectories(in);
        Files.writeString(in.resolve("w1.dat"), "webdav one ".repeat(3000));
        Files.writeString(in.resolve("w2.dat"), "webdav two ".repeat(10));
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "DAV_DISK", "--scope", "dav", "--dataset", "dav:set", in.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.out()).contains("Uploaded 2");

        var listed = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "dav", "name", "set")))).lines();
        String pfn = listed.getFirst().at("/rses/DAV_DISK/0").asText();
        assertThat(pfn).startsWith("http://127.0.0.1:" + nginx.port() + "/rse/dav/");
        assertThat(Files.readString(nginx.root().resolve(pfn.substring(pfn.indexOf("/rse/") + 1)))).isEqualTo(Files.readString(in.resolve("w1.dat")));

        Path out = work.resolve("out");
        Run download = CliRunner.asRoot(server, "download", "--dir", out.toString(), "dav:set");
        assertThat(download.exit()).as(download.err()).isZero();
        assertThat(Files.readString(out.resolve("dav/w1.dat"))).isEqualTo(Files.readString(in.resolve("w1.dat")));
        assertThat(Files.readString(out.resolve("dav/w2.dat"))).isEqualTo(Files.readString(in.resolve("w2.dat")));
    }
}
