package org.laguna.server.testing;

import java.util.Map;

/** RSEs on an S3 server on loopback (path-style, plain HTTP) for the tests. */
public final class S3Rses {
    private S3Rses() {
    }

    /** Adds an RSE, if it does not exist yet, with an s3 protocol (WAN read, write, delete) at {@code prefix} ({@code /bucket[/path]}). */
    public static Rest.Response add(Rest root, String rse, int port, String prefix) {
        root.post("/rses/" + rse, Map.of());
        return root.post("/rses/" + rse + "/protocols/s3", Map.of("hostname", "127.0.0.1", "port", port, "prefix", prefix,
                "impl", "rucio.rse.protocols.gfal.NoRename", "extended_attributes", Map.of("insecure", true),
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }
}
