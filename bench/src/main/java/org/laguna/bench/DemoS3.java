package org.laguna.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.laguna.server.LocalS3;

/** The demo's S3 server: s3proxy in the demo's JVM, filesystem-backed, one directory per bucket. */
public final class DemoS3 implements LocalS3 {
    private S3Proxy proxy;

    @Override
    public int start(Path directory, List<String> buckets, String accessKey, String secretKey) throws Exception {
        Files.createDirectories(directory);
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", directory.toString());
        BlobStore store = BlobStores.create("filesystem-nio2", properties);
        for (String bucket : buckets) {
            if (!Files.isDirectory(directory.resolve(bucket))) {
                store.createContainer(bucket);
            }
        }
        proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        proxy.start();
        for (int i = 0; i < 200 && !proxy.getState().equals("STARTED"); i++) {
            Thread.sleep(50);
        }
        return proxy.getPort();
    }

    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
    }
}
