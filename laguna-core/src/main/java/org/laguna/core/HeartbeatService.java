package org.laguna.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.daemon.Heartbeat;
import org.laguna.core.daemon.Heartbeats;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's heartbeat listing: the live daemon instances, for administrators. */
public final class HeartbeatService {
    private final Database database;
    private final Permissions permissions;
    private final Duration timeout;
    private final Heartbeats heartbeats = new Heartbeats();

    public HeartbeatService(Database database, Permissions permissions, Duration timeout) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
    }

    /** The instances alive within the heartbeat timeout; AccessDenied unless the caller is an administrator. */
    public List<Heartbeat> listLive(Caller caller) {
        return database.readOnly(tx -> {
            if (!permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not list heartbeats");
            }
            return heartbeats.live(tx, timeout);
        });
    }
}
