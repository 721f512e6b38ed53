package org.laguna.core.storage;

import java.util.List;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.storage.ReplicaPaths.PathOwner;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.policy.Actions;

/**
 * Whether an account may have a URL signed for an operation on a path of an RSE: the permission
 * policy decides ({@link Actions#GET_SIGNED_URL}), told which file the path belongs to. Where the
 * RSE holds replicas at the path, the policy must allow the operation on every one of them; where
 * it holds none, on one of the files the RSE's layout puts there; a path that belongs to no file
 * is asked about without a file.
 */
final class SignedUrlAccess {
    private final Permissions permissions;
    private final RseRepository rses;

    SignedUrlAccess(Permissions permissions, RseRepository rses) {
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
    }

    /** Throws AccessDenied unless the caller may have the operation on the path signed. */
    void check(Tx tx, Caller caller, Rse rse, String path, String operation) {
        List<PathOwner> owners = ReplicaPaths.owners(tx, rses, rse, path);
        if (owners.isEmpty()) {
            permissions.check(tx, caller, Actions.GET_SIGNED_URL, "operation", operation, "rse", rse.name());
            return;
        }
        boolean stored = owners.getFirst().replicaState().isPresent();
        for (PathOwner owner : owners) {
            boolean allowed = allows(tx, caller, rse, owner, operation);
            if (stored && !allowed) {
                deny(tx, caller, rse, owner, operation);
            }
            if (!stored && allowed) {
                return;
            }
        }
        if (!stored) {
            deny(tx, caller, rse, owners.getFirst(), operation);
        }
    }

    private boolean allows(Tx tx, Caller caller, Rse rse, PathOwner owner, String operation) {
        return permissions.allows(tx, caller, Actions.GET_SIGNED_URL, arguments(rse, owner, operation));
    }

    private void deny(Tx tx, Caller caller, Rse rse, PathOwner owner, String operation) {
        permissions.check(tx, caller, Actions.GET_SIGNED_URL, arguments(rse, owner, operation));
        throw new IllegalStateException("The policy answered two ways for " + owner);
    }

    private static String[] arguments(Rse rse, PathOwner owner, String operation) {
        return new String[] {"operation", operation, "rse", rse.name(), "scope", owner.file().scope(), "name", owner.file().name(),
            "replica_state", owner.replicaState().orElse(null)};
    }
}
