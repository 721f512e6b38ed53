package org.laguna.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * An S3 server for the benchmarks: s3proxy in this JVM, filesystem-backed under a directory (one
 * sub-directory per bucket), on a free loopback port. Its keys go to the server's
 * {@code laguna.properties} for the RSEs that use it ({@link #keys}).
 */
final class S3Server implements AutoCloseable {
    private static final String ACCESS = "bench-access";
    private static final String SECRET = "bench-secret-key-for-s3proxy";

    private final S3Proxy proxy;

    private S3Server(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts with the given buckets, each a directory under {@code basedir}. */
    static S3Server start(Path basedir, List<String> buckets) throws Exception {
        Properties properties = new Properties();
        Files.createDirectories(basedir);
        properties.setProperty("jclouds.filesystem.basedir", basedir.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", properties);
        for (String bucket : buckets) {
            if (!Files.isDirectory(basedir.resolve(bucket))) {
                store.createContainer(bucket);
            }
        }
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET).build();
        proxy.start();
        for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(50);
        }
        return new S3Server(proxy);
    }

    /** The server settings that give the named RSEs this store's keys ({@code laguna.properties}). */
    static Map<String, String> keys(List<String> rses) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String rse : rses) {
            config.put("storage." + rse + ".access_key", ACCESS);
            config.put("storage." + rse + ".secret_key", SECRET);
        }
        return config;
    }

    /** The port the store listens on. */
    int port() {
        return proxy.getPort();
    }

    /** The RSE protocol of one bucket. */
    Map<String, Object> protocol(String bucket) {
        return protocol(bucket, proxy.getPort());
    }

    /** The RSE protocol of one bucket reached through another port (a proxy in front of the store). */
    Map<String, Object> protocol(String bucket, int port) {
        return Map.of("hostname", "127.0.0.1", "port", port, "prefix", "/" + bucket, "impl", "rucio.rse.protocols.gfal.NoRename",
                "extended_attributes", Map.of("insecure", true), "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1)));
    }

    @Override
    public void close() throws IOException {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
