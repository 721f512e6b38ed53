package org.laguna.storage.webdav;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real WebDAV server for tests: Debian's nginx with its DAV modules, on a free loopback port. */
public final class NginxDav implements AutoCloseable {
    /**
     * Where nginx is looked for: the system property {@code laguna.test.nginx}, else the environment
     * variable {@code LAGUNA_TEST_NGINX} (as for {@code scripts/test-servers.sh}), else Debian's place.
     */
    static final String NGINX_PROPERTY = "laguna.test.nginx";
    /** Why the tests that need nginx are skipped. */
    public static final String NOT_INSTALLED = "nginx with libnginx-mod-http-dav-ext is not installed (.ci/run installs it)";
    static final Path DAV_EXT = Path.of("/usr/lib/nginx/modules/ngx_http_dav_ext_module.so");

    private final Process process;
    private final int port;
    private final Path root;

    private NginxDav(Process process, int port, Path root) {
        this.process = process;
        this.port = port;
        this.root = root;
    }

    public static boolean installed() {
        return Files.isExecutable(nginx()) && Files.exists(DAV_EXT);
    }

    private static Path nginx() {
        String fromEnvironment = System.getenv("LAGUNA_TEST_NGINX");
        return Path.of(System.getProperty(NGINX_PROPERTY, fromEnvironment == null ? "/usr/sbin/nginx" : fromEnvironment));
    }

    public static NginxDav start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createDirectories(dir.resolve("data"));
        Path temp = Files.createDirectories(dir.resolve("tmp"));
        String config = """
                load_module %s;
                daemon off;
                master_process off;
                user root;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 64; }
                http {
                  access_log off;
                  client_body_temp_path %s/body;
                  proxy_temp_path %s/proxy;
                  fastcgi_temp_path %s/fastcgi;
                  uwsgi_temp_path %s/uwsgi;
                  scgi_temp_path %s/scgi;
                  server {
                    listen 127.0.0.1:%d;
                    root %s;
                    client_max_body_size 0;
                    location / {
                      dav_methods PUT DELETE MKCOL COPY MOVE;
                      dav_ext_methods PROPFIND OPTIONS;
                      create_full_put_path on;
                      dav_access user:rw group:rw all:r;
                    }
                  }
                }
                """.formatted(DAV_EXT, dir, dir, temp, temp, temp, temp, temp, port, data);
        Path file = dir.resolve("nginx.conf");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(nginx().toString(), "-c", file.toString(), "-p", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new NginxDav(process, port, data);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("nginx exited: " + Files.readString(dir.resolve("out.log")) + readOrEmpty(dir.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("nginx did not listen on " + port);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    public int port() {
        return port;
    }

    public Path root() {
        return root;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
