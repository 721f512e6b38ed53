package org.laguna.server;

import java.nio.file.Path;
import java.util.List;

/**
 * An S3 server on loopback for {@code laguna demo}, when an implementation is on the class path
 * (found with {@link java.util.ServiceLoader}). The server distribution carries none; the launcher
 * puts the benchmark module's (an in-process s3proxy) on the demo's class path.
 */
public interface LocalS3 extends AutoCloseable {
    /**
     * Starts a server on 127.0.0.1 that keeps the given buckets under {@code directory} and accepts
     * the given keys.
     *
     * @return its port
     */
    int start(Path directory, List<String> buckets, String accessKey, String secretKey) throws Exception;

    @Override
    void close() throws Exception;
}
