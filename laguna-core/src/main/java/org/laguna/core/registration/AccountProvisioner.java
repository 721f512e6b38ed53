package org.laguna.core.registration;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.db.Tx;

/**
 * Creates a registered person's account inside the caller's transaction: the account (USER,
 * active), its OIDC identity as the default one, the configured quotas and the scope
 * {@code user.<account>}. A quota whose expression is the name of an RSE of the VO becomes that
 * RSE's (local) limit, which the rule engine enforces; any other expression a global limit.
 */
final class AccountProvisioner {
    private final Map<String, Long> quotas;

    AccountProvisioner(Map<String, Long> quotas) {
        this.quotas = Map.copyOf(Objects.requireNonNull(quotas, "quotas is null"));
    }

    /** Whether a name cannot be given to a new account: an account (even deleted), its scope or an open registration holds it. */
    static boolean taken(Tx tx, String account, Optional<UUID> except) {
        return tx.exists("select 1 from accounts where account = ?", account)
                || tx.exists("select 1 from scopes where scope = ?", AccountNames.SCOPE_PREFIX + account)
                || tx.exists("select 1 from registrations where account = ? and status <> 'DENIED' and id <> ?", account,
                        except.orElse(new UUID(0, 0)));
    }

    void create(Tx tx, String vo, String account, String identity, Optional<String> email, Instant now) {
        tx.update("insert into accounts (account, vo, account_type, email, created_at, updated_at) values (?, ?, 'USER', ?, ?, ?)",
                account, vo, email.orElse(null), now, now);
        tx.update("insert into identities (identity, identity_type, email) values (?, 'OIDC', ?) on conflict do nothing",
                identity, email.orElse(null));
        tx.update("update identities set deleted = false where identity = ? and identity_type = 'OIDC'", identity);
        tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, 'OIDC', ?, true)", identity, account);
        tx.update("insert into scopes (scope, vo, account, created_at) values (?, ?, ?, ?)",
                AccountNames.SCOPE_PREFIX + account, vo, account, now);
        quotas.forEach((expression, bytes) -> {
            Optional<UUID> rse = tx.queryOne("select id from rses where vo = ? and rse = ? and not deleted",
                    rs -> rs.getObject(1, UUID.class), vo, expression);
            if (rse.isPresent()) {
                tx.update("insert into account_limits (account, rse_id, bytes, updated_at) values (?, ?, ?, ?)", account, rse.get(), bytes, now);
            } else {
                tx.update("insert into account_glob_limits (account, rse_expression, bytes, updated_at) values (?, ?, ?, ?)",
                        account, expression, bytes, now);
            }
        });
    }
}
