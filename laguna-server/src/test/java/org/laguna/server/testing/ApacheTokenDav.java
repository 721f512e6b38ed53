package org.laguna.server.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real token-checking WebDAV storage for tests: Debian's Apache httpd with mod_dav and mod_auth_openidc as an OAuth2
 * resource server, started on a free loopback port with its own configuration in a temporary directory (never the
 * system service). Each area ({@code <Location /NAME>}, files under {@link #root(String)}) checks the bearer token's
 * signature against the provider's keys (taken from its JWKS), its audience ({@code Require claim aud:...}), and its
 * WLCG scope for the path and method of the request: mod_auth_openidc's {@code Require claim} compares a claim with a
 * fixed value or expression only, so the path check is httpd's own {@code Require expr}, a regular expression over
 * "request path, space, the token's scope claim" whose back-reference ties a scope's path to the request's path (the
 * path itself or one below it). Reads (GET, HEAD, PROPFIND) need {@code storage.read}; PUT, MOVE (the destination too)
 * and MKCOL {@code storage.create} or {@code storage.modify}, MKCOL also of the parents of such a path; DELETE
 * {@code storage.modify}. A request without a valid token, or whose token does not cover it, is refused with 401.
 */
public final class ApacheTokenDav implements AutoCloseable {
    public static final Path APACHE = Path.of("/usr/sbin/apache2");
    public static final Path MODULES = Path.of("/usr/lib/apache2/modules");
    /** Why the tests that need it are skipped. */
    public static final String NOT_INSTALLED = "Apache httpd with mod_dav and mod_auth_openidc is not installed "
            + "(apt-get install apache2 libapache2-mod-auth-openidc; .ci/run installs them)";

    private final Process process;
    private final int port;
    private final Path dir;

    private ApacheTokenDav(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static boolean installed() {
        return Files.isExecutable(APACHE) && Files.exists(MODULES.resolve("mod_auth_openidc.so")) && Files.exists(MODULES.resolve("mod_dav_fs.so"));
    }

    /**
     * Starts httpd serving one area per entry of {@code audiences} (area name to the audience its tokens must have),
     * trusting the keys of the provider's JWKS.
     */
    public static ApacheTokenDav start(Path dir, URI jwks, Map<String, String> audiences) throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lock = Files.createDirectories(dir.resolve("lock"));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rwxrwxrwx"));
        StringBuilder config = new StringBuilder(head(dir, port, lock, keyFiles(dir, jwks)));
        for (Map.Entry<String, String> area : audiences.entrySet()) {
            Path data = Files.createDirectories(dir.resolve("data-" + area.getKey()));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
            config.append(location(area.getKey(), area.getValue(), data));
        }
        Path file = dir.resolve("httpd.conf");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(APACHE.toString(), "-f", file.toString(), "-DFOREGROUND").redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new ApacheTokenDav(process, port, dir);
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("httpd exited: " + Files.readString(dir.resolve("out.log")) + readOrEmpty(dir.resolve("error.log")));
                }
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IOException("httpd did not listen on " + port + ": " + readOrEmpty(dir.resolve("error.log")));
    }

    /** The provider's public keys as PEM files, with their kid ({@code OIDCOAuthVerifyCertFiles}: its JWKS URL must be https). */
    private static String keyFiles(Path dir, URI jwks) throws IOException {
        List<String> entries = new ArrayList<>();
        try {
            for (JWK key : JWKSet.load(jwks.toURL()).getKeys()) {
                byte[] der = key.toRSAKey().toRSAPublicKey().getEncoded();
                Path pem = dir.resolve("key-" + entries.size() + ".pem");
                Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                        + "\n-----END PUBLIC KEY-----\n");
                entries.add(key.getKeyID() + "#" + pem);
            }
        } catch (ParseException | JOSEException e) {
            throw new IOException("Cannot read the provider's keys at " + jwks + ": " + e.getMessage(), e);
        }
        return String.join(" ", entries);
    }

    private static String head(Path dir, int port, Path lock, String keys) {
        boolean root = "root".equals(System.getProperty("user.name"));
        StringBuilder modules = new StringBuilder();
        for (String module : List.of("mpm_event", "authn_core", "authz_core", "authz_user", "alias", "dav", "dav_fs", "auth_openidc")) {
            modules.append("LoadModule ").append(module).append("_module ").append(MODULES.resolve("mod_" + module + ".so")).append('\n');
        }
        return """
                ServerRoot %s
                DefaultRuntimeDir %s
                Listen 127.0.0.1:%d
                ServerName 127.0.0.1
                PidFile %s/httpd.pid
                ErrorLog %s/error.log
                LogLevel warn
                LogFormat "%%u %%m %%U %%>s" subjects
                CustomLog %s/access.log subjects
                %s
                %s
                DAVLockDB %s/davlock
                OIDCOAuthVerifyCertFiles %s
                OIDCOAuthRemoteUserClaim sub
                OIDCPassClaimsAs environment
                OIDCCacheType shm
                """.formatted(dir, dir, port, dir, dir, dir, root ? "User www-data\nGroup www-data" : "", modules, lock, keys);
    }

    private static String location(String name, String audience, Path data) {
        String check = "Require expr -n %%{REMOTE_USER} && \"%%{%s} %%{reqenv:OIDC_CLAIM_scope}\" =~ m#^%s/%s((?:/[^/ ]+)*)(?:/[^ ]*)? (?:.* )?storage\\.%s:(?:\\1|/)(?: |$)#";
        String write = "(?:create|modify)";
        return """
                Alias /%1$s %2$s
                <Location /%1$s>
                  Dav On
                  AuthType oauth20
                  <RequireAll>
                    Require valid-user
                    Require claim aud:%3$s
                    <RequireAny>
                      <RequireAll>
                        Require method GET HEAD PROPFIND OPTIONS
                        %4$s
                      </RequireAll>
                      <RequireAll>
                        Require method PUT MKCOL
                        %5$s
                      </RequireAll>
                      <RequireAll>
                        Require method MOVE
                        %5$s
                        %6$s
                      </RequireAll>
                      <RequireAll>
                        Require method MKCOL
                        Require expr -n %%{REMOTE_USER} && "%%{REQUEST_URI} %%{reqenv:OIDC_CLAIM_scope}" =~ m#^/%1$s(/[^ ]*?)/? (?:.* )?storage\\.%7$s:\\1/[^ ]*(?: |$)#
                      </RequireAll>
                      <RequireAll>
                        Require method DELETE
                        %8$s
                      </RequireAll>
                    </RequireAny>
                  </RequireAll>
                </Location>
                """.formatted(name, data, audience, check.formatted("REQUEST_URI", "", name, "read"),
                check.formatted("REQUEST_URI", "", name, write), check.formatted("HTTP:Destination", "[a-z]+://[^/]+", name, write), write,
                check.formatted("REQUEST_URI", "", name, "modify"));
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

    /** Where the files of an area are. */
    public Path root(String area) {
        return dir.resolve("data-" + area);
    }

    /** httpd's error log so far (for a failing test's message). */
    public String errorLog() {
        return readOrEmpty(dir.resolve("error.log"));
    }

    /**
     * httpd's access log so far, a line per request: the token's subject ({@code -} without a valid token), the method,
     * the path and the status.
     */
    public List<String> accessLog() {
        String log = readOrEmpty(dir.resolve("access.log"));
        return log.isEmpty() ? List.of() : List.of(log.split("\n"));
    }

    /** The areas' audiences, for a test's message. */
    public static Map<String, String> areas(String... nameThenAudience) {
        Map<String, String> areas = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameThenAudience.length; i += 2) {
            areas.put(nameThenAudience[i], nameThenAudience[i + 1]);
        }
        return areas;
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
