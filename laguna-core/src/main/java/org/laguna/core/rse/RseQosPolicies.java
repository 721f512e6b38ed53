package org.laguna.core.rse;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The QoS policies of an RSE (Rucio's {@code add_qos_policy}, {@code delete_qos_policy},
 * {@code list_qos_policies}): read by every account, changed by administrators.
 */
public final class RseQosPolicies {
    private static final int MAX_LENGTH = 64;

    private final Database database;
    private final Permissions permissions;
    private final RseRepository rses;
    private final Clock clock;

    public RseQosPolicies(Database database, Permissions permissions, RseRepository rses, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    public List<String> list(Caller caller, String rseName) {
        return database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            return tx.query("select qos_policy from rse_qos_policies where rse_id = ? order by qos_policy", rs -> rs.getString(1), rse.id());
        });
    }

    /** Adds a policy; {@code Duplicate} when the RSE has it already. */
    public void add(Caller caller, String rseName, String policy) {
        check(policy);
        database.inTransactionVoid(tx -> {
            Rse rse = changeable(tx, caller, rseName, "add");
            if (tx.update("insert into rse_qos_policies (rse_id, qos_policy, created_at) values (?, ?, ?) on conflict do nothing",
                    rse.id(), policy, Timestamp.from(clock.instant())) == 0) {
                throw new LagunaException(ErrorCode.DUPLICATE, "QoS policy " + policy + " already exists!");
            }
            permissions.recordChange(tx, caller, "add_qos_policy", "rse", rseName, "policy", policy);
        });
    }

    /** Removes a policy; one the RSE does not have is no error, as in Rucio. */
    public void delete(Caller caller, String rseName, String policy) {
        database.inTransactionVoid(tx -> {
            Rse rse = changeable(tx, caller, rseName, "delete");
            tx.update("delete from rse_qos_policies where rse_id = ? and qos_policy = ?", rse.id(), policy);
            permissions.recordChange(tx, caller, "delete_qos_policy", "rse", rseName, "policy", policy);
        });
    }

    private Rse changeable(Tx tx, Caller caller, String rseName, String what) {
        if (!permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not " + what + " QoS policies");
        }
        return rses.require(tx, caller.vo(), rseName);
    }

    private static void check(String policy) {
        if (policy.isBlank() || policy.length() > MAX_LENGTH) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "A QoS policy is 1 to " + MAX_LENGTH + " characters, got '" + policy + "'");
        }
    }
}
