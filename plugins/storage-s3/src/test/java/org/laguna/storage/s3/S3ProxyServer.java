package org.laguna.storage.s3;

import java.net.URI;
import java.nio.file.Files;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/** A real S3 server for tests: s3proxy, in-process, filesystem-backed, on a free loopback port. */
public final class S3ProxyServer implements AutoCloseable {
    private final S3Proxy proxy;
    private final BlobStore store;

    private S3ProxyServer(S3Proxy proxy, BlobStore store) {
        this.proxy = proxy;
        this.store = store;
    }

    /** Starts a server with one bucket and the given access key and secret. */
    public static S3ProxyServer start(String bucket, String accessKey, String secretKey) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", Files.createTempDirectory("laguna-s3").toString());
        BlobStore store = BlobStores.create("filesystem-nio2", properties);
        store.createContainer(bucket);
        S3Proxy proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        proxy.start();
        for (int i = 0; i < 100 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(50);
        }
        return new S3ProxyServer(proxy, store);
    }

    /** Adds a bucket. */
    public void createBucket(String bucket) {
        store.createContainer(bucket);
    }

    public int port() {
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
