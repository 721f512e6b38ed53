package org.laguna.server.testing.authz;

/** The callers every route is tried as, in the order they are tried: the least privileged first. */
public enum Caller {
    /** No token at all. */
    NO_TOKEN,
    /** A token the server never issued. */
    BAD_TOKEN,
    /** Another ordinary USER account. */
    OTHER,
    /** A USER account owning the object the request is about. */
    OWNER,
    /** The administrator. */
    ROOT;

    public boolean anonymous() {
        return this == NO_TOKEN || this == BAD_TOKEN;
    }
}
