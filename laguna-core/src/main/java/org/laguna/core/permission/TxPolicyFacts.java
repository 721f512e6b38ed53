package org.laguna.core.permission;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.declarative.PolicyFacts;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.policy.CatalogueView;

/** The facts a policy file may test, read inside the caller's transaction. */
record TxPolicyFacts(Tx tx, CatalogueView view, Permissions.RseCandidates candidates, GroupCache groups) implements PolicyFacts {
    @Override
    public Set<String> accountGroups(String account) {
        return groups.groupsOf(tx, account);
    }

    @Override
    public Optional<String> accountType(String account) {
        return tx.queryOne("select account_type from accounts where account = ? and status <> 'DELETED'", rs -> rs.getString(1), account);
    }

    @Override
    public Map<String, String> didMetadata(String scope, String name) {
        Map<String, String> meta = new HashMap<>();
        tx.query("select m.key, m.value #>> '{}' from dids d cross join lateral jsonb_each(d.meta) m where d.scope = ? and d.name = ?",
                rs -> meta.put(rs.getString(1), rs.getString(2)), scope, name);
        tx.query("select did_type, account, project, datatype, stream_name from dids where scope = ? and name = ?", rs -> {
            meta.put("did_type", rs.getString(1));
            meta.put("account", rs.getString(2));
            for (int i = 3; i <= 5; i++) {
                if (rs.getString(i) != null) {
                    meta.put(rs.getMetaData().getColumnLabel(i), rs.getString(i));
                }
            }
            return Boolean.TRUE;
        }, scope, name);
        return meta;
    }

    @Override
    public List<RseCandidate> rses(String vo) {
        return candidates.of(tx, vo);
    }
}
