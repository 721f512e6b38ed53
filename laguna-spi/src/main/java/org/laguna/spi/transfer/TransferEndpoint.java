package org.laguna.spi.transfer;

import java.util.Objects;
import java.util.Optional;

/**
 * A file's place on one RSE: the RSE's name (so a tool can use the server's credentials for it), the PFN, and, for a
 * token-protected storage, the bearer token the server obtained for this file: audience the endpoint, scope the PFN's
 * path (read for a source, write for a destination). A tool that copies by third party (FTS3) hands the token on with
 * the file; the token is a secret: it is never logged, and {@link #toString()} hides it.
 */
public record TransferEndpoint(String rse, String pfn, Optional<String> token) {
    public TransferEndpoint {
        Objects.requireNonNull(rse, "rse is null");
        Objects.requireNonNull(pfn, "pfn is null");
        token = token == null ? Optional.empty() : token;
    }

    /** An endpoint reached with the server's own credentials, without a token. */
    public TransferEndpoint(String rse, String pfn) {
        this(rse, pfn, Optional.empty());
    }

    @Override
    public String toString() {
        return "TransferEndpoint[rse=" + rse + ", pfn=" + pfn + (token.isPresent() ? ", token=(hidden)]" : "]");
    }
}
