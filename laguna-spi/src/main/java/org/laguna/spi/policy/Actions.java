package org.laguna.spi.policy;

/** Names of the actions that the server asks a permission policy about (Rucio's names). */
public final class Actions {
    public static final String ADD_ACCOUNT = "add_account";
    public static final String DEL_ACCOUNT = "del_account";
    public static final String UPDATE_ACCOUNT = "update_account";
    public static final String ADD_ATTRIBUTE = "add_attribute";
    public static final String DEL_ATTRIBUTE = "del_attribute";
    public static final String ADD_IDENTITY = "add_identity";
    public static final String DEL_IDENTITY = "del_identity";
    public static final String SET_LOCAL_ACCOUNT_LIMIT = "set_local_account_limit";
    public static final String SET_GLOBAL_ACCOUNT_LIMIT = "set_global_account_limit";
    public static final String DELETE_LOCAL_ACCOUNT_LIMIT = "delete_local_account_limit";
    public static final String DELETE_GLOBAL_ACCOUNT_LIMIT = "delete_global_account_limit";
    public static final String ADD_SCOPE = "add_scope";
    public static final String UPDATE_SCOPE_OWNER = "update_scope_owner";
    public static final String ADD_DID = "add_did";
    public static final String ADD_DIDS = "add_dids";
    public static final String ATTACH_DIDS = "attach_dids";
    public static final String DETACH_DIDS = "detach_dids";
    public static final String SET_STATUS = "set_status";
    public static final String SET_METADATA = "set_metadata";
    public static final String DEL_METADATA = "del_metadata";
    public static final String ADD_RSE = "add_rse";
    public static final String UPDATE_RSE = "update_rse";
    public static final String DEL_RSE = "del_rse";
    public static final String ADD_RSE_ATTRIBUTE = "add_rse_attribute";
    public static final String DEL_RSE_ATTRIBUTE = "del_rse_attribute";
    public static final String ADD_PROTOCOL = "add_protocol";
    public static final String UPDATE_PROTOCOL = "update_protocol";
    public static final String DEL_PROTOCOL = "del_protocol";
    public static final String ADD_DISTANCE = "add_distance";
    public static final String UPDATE_DISTANCE = "update_distance";
    public static final String DEL_DISTANCE = "del_distance";
    public static final String SET_RSE_LIMITS = "set_rse_limits";
    public static final String SET_RSE_USAGE = "set_rse_usage";
    public static final String ADD_REPLICAS = "add_replicas";
    public static final String DELETE_REPLICAS = "delete_replicas";
    public static final String UPDATE_REPLICAS_STATES = "update_replicas_states";
    public static final String DECLARE_BAD_FILE_REPLICAS = "declare_bad_file_replicas";
    /** Marking unlocked replicas for immediate deletion (Rucio's set_tombstone). */
    public static final String SET_TOMBSTONE = "set_tombstone";
    public static final String SKIP_AVAILABILITY_CHECK = "skip_availability_check";
    public static final String GET_LOCAL_ACCOUNT_USAGE = "get_local_account_usage";
    public static final String GET_GLOBAL_ACCOUNT_USAGE = "get_global_account_usage";
    public static final String LIST_REQUESTS = "list_requests";
    public static final String LIST_REQUESTS_HISTORY = "list_requests_history";
    public static final String DECLARE_SUSPICIOUS_FILE_REPLICAS = "declare_suspicious_file_replicas";
    /** Comparing an RSE's storage with the catalogue, and acting on what differs (Laguna's storage consistency check). */
    public static final String CHECK_RSE = "check_rse";
    public static final String ADD_RULE = "add_rule";
    public static final String DEL_RULE = "del_rule";
    public static final String UPDATE_RULE = "update_rule";
    public static final String APPROVE_RULE = "approve_rule";
    public static final String REDUCE_RULE = "reduce_rule";
    public static final String MOVE_RULE = "move_rule";
    /** A subscription; argument {@code account}, the account that will own it. */
    public static final String ADD_SUBSCRIPTION = "add_subscription";
    /** A change to a subscription; argument {@code account}, the account that owns it. */
    public static final String UPDATE_SUBSCRIPTION = "update_subscription";
    /**
     * A signed storage URL; arguments {@code operation} (read, write, delete), {@code rse}, and,
     * when the path belongs to a file, its {@code scope} and {@code name}, with
     * {@code replica_state} when the RSE holds a replica of it there.
     */
    public static final String GET_SIGNED_URL = "get_signed_url";
    /** The identities and e-mail address of an account (argument {@code account}). */
    public static final String LIST_IDENTITIES = "list_identities";
    /** Making an account a member of a GROUP account (Laguna); arguments {@code group} and {@code account}, the member. */
    public static final String ADD_GROUP_MEMBER = "add_group_member";
    /** Removing a member from a GROUP account (Laguna); arguments {@code group} and {@code account}, the member. */
    public static final String DEL_GROUP_MEMBER = "del_group_member";

    private Actions() {
    }
}
