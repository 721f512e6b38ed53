package org.laguna.server.testing.authz;

/** Who may call a route, from the generic permission policy: the expected outcome per caller. */
public enum Access {
    /** Everyone, with or without a token. */
    OPEN,
    /** Any authenticated account. */
    AUTHENTICATED,
    /** Administrators and the account that owns the object (its scope, its rule, its own account). */
    OWNER,
    /** Administrators only. */
    ADMIN,
    /** Only super_root of a server of several VOs, none of the matrix's callers (VoApiTest calls as super_root). */
    SUPER_ROOT;

    public boolean allows(Caller caller) {
        return switch (this) {
            case OPEN -> true;
            case AUTHENTICATED -> caller != Caller.NO_TOKEN && caller != Caller.BAD_TOKEN;
            case OWNER -> caller == Caller.ROOT || caller == Caller.OWNER;
            case ADMIN -> caller == Caller.ROOT;
            case SUPER_ROOT -> false;
        };
    }
}
