package org.laguna.core.event;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.laguna.core.db.Tx;

/**
 * The DID events with Rucio's payloads: {@code CREATE_DTS} / {@code CREATE_CNT} when a collection
 * is added, {@code REGISTER_CNT} for what is attached to a container (and Laguna's
 * {@code REGISTER_DTS} for what is attached to a dataset), {@code CLOSE} and {@code OPEN}.
 */
public final class DidEvents {
    private DidEvents() {
    }

    /** {@code CREATE_DTS} / {@code CREATE_CNT} for the given collections (parallel lists), added by {@code account}. */
    public static void created(Tx tx, String account, List<String> scopes, List<String> names, Instant at) {
        if (scopes.isEmpty()) {
            return;
        }
        tx.update(Outbox.INSERT + "select case when d.did_type = 'CONTAINER' then 'CREATE_CNT' else 'CREATE_DTS' end, "
                        + "jsonb_build_object('account', ?::text, 'scope', d.scope, 'name', d.name, 'expired_at', "
                        + Outbox.date("d.expired_at") + "), d.scope || ':' || d.name, ? "
                        + "from unnest(?::text[], ?::text[]) with ordinality as u(s, n, i) join dids d on d.scope = u.s and d.name = u.n "
                        + "where d.did_type in ('DATASET', 'CONTAINER') and " + Outbox.wanted(EventTypes.CREATE_DTS, EventTypes.CREATE_CNT) + " order by u.i",
                account, Timestamp.from(at), tx.array("text", scopes.toArray()), tx.array("text", names.toArray()));
    }

    /**
     * {@code REGISTER_CNT} (container parent) or {@code REGISTER_DTS} (dataset parent) for each new
     * attachment (parallel lists), by {@code account}.
     */
    public static void attached(Tx tx, String account, List<String> parentScopes, List<String> parentNames, List<String> childScopes,
            List<String> childNames, Instant at) {
        if (parentScopes.isEmpty()) {
            return;
        }
        tx.update(Outbox.INSERT + "select case when p.did_type = 'CONTAINER' then 'REGISTER_CNT' else 'REGISTER_DTS' end, "
                        + "jsonb_build_object('account', ?::text, 'scope', p.scope, 'name', p.name, 'childscope', c.scope, "
                        + "'childname', c.name, 'childtype', c.did_type), p.scope || ':' || p.name, ? "
                        + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as u(ps, pn, cs, cn, i) "
                        + "join dids p on p.scope = u.ps and p.name = u.pn join dids c on c.scope = u.cs and c.name = u.cn "
                        + "where " + Outbox.wanted(EventTypes.REGISTER_CNT, EventTypes.REGISTER_DTS) + " order by u.i",
                account, Timestamp.from(at), tx.array("text", parentScopes.toArray()), tx.array("text", parentNames.toArray()),
                tx.array("text", childScopes.toArray()), tx.array("text", childNames.toArray()));
    }

    /** {@code CLOSE} (with the sizes fixed at closing) or {@code OPEN} for a collection. */
    public static void statusChanged(Tx tx, String scope, String name, boolean open, Instant at) {
        String payload = open ? "jsonb_build_object('scope', d.scope, 'name', d.name)"
                : "jsonb_build_object('scope', d.scope, 'name', d.name, 'bytes', d.bytes, 'length', d.length, 'events', d.events)";
        tx.update(Outbox.INSERT + "select ?, " + payload + ", d.scope || ':' || d.name, ? from dids d where d.scope = ? and d.name = ? and "
                        + Outbox.wanted(open ? EventTypes.OPEN : EventTypes.CLOSE),
                open ? EventTypes.OPEN : EventTypes.CLOSE, Timestamp.from(at), scope, name);
    }
}
