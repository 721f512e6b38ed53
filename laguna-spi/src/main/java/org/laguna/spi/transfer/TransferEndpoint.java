package org.laguna.spi.transfer;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A file's place on one RSE: the RSE's name (so a tool can use the server's credentials for it), the PFN, and what a
 * tool that copies by third party (FTS3) needs to reach it without the server's credentials: for a token-protected
 * storage, the bearer token the server obtained for this file (audience the endpoint, scope the PFN's path: read for a
 * source, write for a destination); for a storage reached only with the server's keys (S3), a pre-signed URL for this
 * one object and operation (GET for a source, PUT for a destination), to be used in place of the PFN. Both are
 * secrets: they are never logged, and {@link #toString()} hides them.
 */
public record TransferEndpoint(String rse, String pfn, Optional<String> token, Optional<URI> signedUrl) {
    public TransferEndpoint {
        Objects.requireNonNull(rse, "rse is null");
        Objects.requireNonNull(pfn, "pfn is null");
        token = token == null ? Optional.empty() : token;
        signedUrl = signedUrl == null ? Optional.empty() : signedUrl;
    }

    /** An endpoint reached with a bearer token, or with the server's own credentials when the token is empty. */
    public TransferEndpoint(String rse, String pfn, Optional<String> token) {
        this(rse, pfn, token, Optional.empty());
    }

    /** An endpoint reached with the server's own credentials, without a token. */
    public TransferEndpoint(String rse, String pfn) {
        this(rse, pfn, Optional.empty(), Optional.empty());
    }

    /** What a third-party tool hands on as the file's URL: the signed URL when there is one, else the PFN. */
    public String url() {
        return signedUrl.map(URI::toString).orElse(pfn);
    }

    /** The signed URL without its query, where the signature is: how the file's URL is named without the secret. */
    public Optional<String> unsignedUrl() {
        return signedUrl.map(url -> withoutQuery(url.toString()));
    }

    /** A URL without its query string. */
    public static String withoutQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public String toString() {
        return "TransferEndpoint[rse=" + rse + ", pfn=" + pfn + (token.isPresent() ? ", token=(hidden)" : "")
                + (signedUrl.isPresent() ? ", signedUrl=(hidden)" : "") + "]";
    }
}
