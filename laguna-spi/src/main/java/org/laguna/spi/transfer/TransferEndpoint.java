package org.laguna.spi.transfer;

import java.util.Objects;

/**
 * A file's place on one RSE: the RSE's name (so a tool can use the server's credentials for it)
 * and the PFN.
 */
public record TransferEndpoint(String rse, String pfn) {
    public TransferEndpoint {
        Objects.requireNonNull(rse, "rse is null");
        Objects.requireNonNull(pfn, "pfn is null");
    }
}
