package org.laguna.core.did;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Attaching DIDs to collections and detaching them; each call is one transaction, all or nothing. */
public final class DidAttachments {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final AttachmentWriter writer;

    public DidAttachments(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.writer = new AttachmentWriter(clock);
    }

    /** Attaches children to collections; with {@code ignoreDuplicate}, children attached already are skipped. */
    public void attach(Caller caller, List<Attachment> attachments, boolean ignoreDuplicate) {
        if (attachments.isEmpty()) {
            return;
        }
        database.inTransactionVoid(tx -> attach(tx, caller, attachments, ignoreDuplicate));
        database.statistics().wrote("contents", attachments.stream().mapToLong(a -> a.children().size()).sum());
    }

    /** As {@link #attach(Caller, List, boolean)}, inside the caller's transaction. */
    public void attach(Tx tx, Caller caller, List<Attachment> attachments, boolean ignoreDuplicate) {
        Set<String> scopes = new TreeSet<>();
        attachments.forEach(a -> scopes.add(a.parent().scope()));
        for (String scope : scopes) {
            permissions.check(tx, caller, Actions.ATTACH_DIDS, "scope", scope);
        }
        writer.attach(tx, caller.account(), attachments, ignoreDuplicate, true);
    }

    /** The parent of a detachment; its creation time is kept in the contents history. */
    private record DetachParent(DidType type, boolean monotonic, Timestamp createdAt) {
    }

    /** Detaches children from a collection, keeping them in the contents history. */
    public void detach(Caller caller, DidKey parent, List<DidKey> children) {
        if (children.isEmpty()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids to detach are missing");
        }
        for (DidKey child : children) {
            if (child.equals(parent)) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Self-detach is not valid: " + parent);
            }
        }
        Set<DidKey> distinct = new LinkedHashSet<>(children);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DETACH_DIDS, "scope", parent.scope(), "name", parent.name());
            DetachParent state = lockParent(tx, parent);
            if (state.monotonic()) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Data identifier '" + parent + "' is monotonic: content cannot be removed");
            }
            requireAttached(tx, parent, distinct);
            Timestamp now = Timestamp.from(clock.instant());
            remove(tx, parent, distinct, state.createdAt(), now);
            tx.update("insert into updated_dids (scope, name, action, created_at) values (?, ?, 'D', ?)", parent.scope(), parent.name(), now);
        });
    }

    private static DetachParent lockParent(Tx tx, DidKey parent) {
        DetachParent state = tx.queryOne("select did_type, monotonic, created_at from dids where scope = ? and name = ? for update",
                rs -> new DetachParent(DidType.valueOf(rs.getString(1)), rs.getBoolean(2), rs.getTimestamp(3)),
                parent.scope(), parent.name()).orElseThrow(() -> DidSql.notFound(parent));
        if (state.type() == DidType.FILE) {
            throw DidSql.notFound(parent);
        }
        return state;
    }

    private static void requireAttached(Tx tx, DidKey parent, Set<DidKey> children) {
        tx.queryOne("select cs, cn from (select u.cs, u.cn from unnest(?::text[], ?::text[]) as u(cs, cn) "
                        + "except select c.child_scope::text, c.child_name::text from contents c where c.scope = ? and c.name = ?) missing limit 1",
                rs -> rs.getString(1) + ":" + rs.getString(2),
                DidSql.texts(tx, children, DidKey::scope), DidSql.texts(tx, children, DidKey::name), parent.scope(), parent.name())
                .ifPresent(missing -> {
                    throw new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND,
                            "Data identifier '" + missing + "' not found under '" + parent + "'");
                });
    }

    /** Moves the content rows to the history and shrinks the parent's length, and a dataset's bytes and events. */
    private static void remove(Tx tx, DidKey parent, Set<DidKey> children, Timestamp parentCreatedAt, Timestamp now) {
        tx.update("with del as (delete from contents c where (c.child_scope::text, c.child_name::text) in "
                        + "(select u.cs, u.cn from unnest(?::text[], ?::text[]) as u(cs, cn)) and c.scope = ? and c.name = ? returning c.*), "
                        + "hist as (insert into contents_history (scope, name, child_scope, child_name, did_type, child_type, bytes, adler32, md5, "
                        + "guid, events, rule_evaluation, did_created_at, created_at, updated_at, deleted_at) "
                        + "select scope, name, child_scope, child_name, did_type, child_type, bytes, adler32, md5, guid, events, rule_evaluation, "
                        + "?, created_at, updated_at, ? from del) "
                        + "update dids d set length = greatest(coalesce(d.length, 0) - x.cnt, 0), "
                        + "bytes = case when d.did_type = 'DATASET' then greatest(coalesce(d.bytes, 0) - x.b, 0) else d.bytes end, "
                        + "events = case when d.did_type = 'DATASET' and d.events is not null then greatest(d.events - x.e, 0) else d.events end, "
                        + "updated_at = ? "
                        + "from (select count(*) as cnt, coalesce(sum(bytes), 0) as b, coalesce(sum(events), 0) as e from del) x "
                        + "where d.scope = ? and d.name = ?",
                DidSql.texts(tx, children, DidKey::scope), DidSql.texts(tx, children, DidKey::name), parent.scope(), parent.name(),
                parentCreatedAt, now, now, parent.scope(), parent.name());
    }
}
