package org.laguna.core.scope;

import java.time.Clock;
import java.util.Objects;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;

/** Use cases of the scope feature; each opens its own transaction. */
public final class ScopeService {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public ScopeService(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }
}
