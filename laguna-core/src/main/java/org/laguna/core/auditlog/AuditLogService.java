package org.laguna.core.auditlog;

import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Lists the audit log: administrators see every entry, other accounts their own actions only. */
public final class AuditLogService {
    private final Database database;
    private final AuditLog log;
    private final BiPredicate<Tx, Caller> isAdmin;

    public AuditLogService(Database database, AuditLog log, BiPredicate<Tx, Caller> isAdmin) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.log = Objects.requireNonNull(log, "log is null");
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
    }

    public AuditLog log() {
        return log;
    }

    /**
     * Streams the entries the filter selects, newest first; a non-administrator asking for another
     * account's entries is denied, and gets only their own when naming no account.
     */
    public void list(Caller caller, AuditFilter filter, Consumer<AuditEntry> sink) {
        database.readOnly(tx -> {
            AuditFilter allowed = filter;
            if (!isAdmin.test(tx, caller)) {
                if (filter.account().isPresent() && !filter.account().get().equals(caller.account())) {
                    throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account()
                            + " can not list the audit log of account " + filter.account().get() + ": only its own");
                }
                allowed = filter.ofAccount(caller.account());
            }
            log.stream(tx, allowed, sink);
            return null;
        });
    }
}
