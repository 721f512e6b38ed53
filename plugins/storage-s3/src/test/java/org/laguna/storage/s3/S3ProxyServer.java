package org.laguna.storage.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** A real S3 server for tests: s3proxy, in-process, filesystem-backed, on a free loopback port. */
public final class S3ProxyServer implements AutoCloseable {
    private final S3Proxy proxy;
    private final CountingBlobStore store;
    private final Path directory;

    private S3ProxyServer(S3Proxy proxy, CountingBlobStore store, Path directory) {
        this.proxy = proxy;
        this.store = store;
        this.directory = directory;
    }

    /** Starts a server with one bucket and the given access key and secret. */
    public static S3ProxyServer start(String bucket, String accessKey, String secretKey) throws Exception {
        Path directory = Files.createTempDirectory("laguna-s3");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        BlobStore store = new CountingBlobStore(BlobStores.create("filesystem-nio2", properties));
        store.createContainer(bucket);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        proxy.start();
        for (int i = 0; i < 100 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(50);
        }
        return new S3ProxyServer(proxy, (CountingBlobStore) store, directory);
    }

    /** Adds a bucket. */
    public void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    /** How many object GETs (whole or ranged) the server has answered for a bucket so far. */
    public long gets(String bucket) {
        return store.gets.getOrDefault(bucket, new AtomicLong()).get();
    }

    /** The file-system store with a count of GETs per bucket, seen as the HTTP requests reach it (server-side copies are not GETs). */
    private static final class CountingBlobStore extends ForwardingBlobStore {
        final Map<String, AtomicLong> gets = new ConcurrentHashMap<>();

        CountingBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
            gets.computeIfAbsent(request.bucket(), b -> new AtomicLong()).incrementAndGet();
            return super.getBlob(request);
        }
    }

    /** Where the store keeps its buckets: bucket B's object K is the file {@code <directory>/B/K}. */
    public Path directory() {
        return directory;
    }

    public int port() {
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
