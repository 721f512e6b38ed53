package org.laguna.core.did;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.event.DidEvents;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.meta.MetaConventions;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Did;
import org.laguna.core.did.DidRecords.NewDid;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Creating collections, reading one DID and opening or closing a collection; each call is one transaction. */
public final class DidNamespace {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final AttachmentWriter attachments;

    public DidNamespace(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.attachments = new AttachmentWriter(clock);
    }

    /** Creates datasets and containers, with their metadata and content; all or nothing. */
    public void addDids(Caller caller, List<NewDid> dids) {
        if (dids.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Set<DidKey> seen = new HashSet<>();
        for (NewDid did : dids) {
            if (did.type() == DidType.FILE) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "Only collection (dataset/container) can be registered: " + did.did() + " is a FILE");
            }
            if (!seen.add(did.did())) {
                throw new LagunaException(ErrorCode.DATA_IDENTIFIER_ALREADY_EXISTS, "Data identifier '" + did.did() + "' is given twice");
            }
        }
        database.inTransactionVoid(tx -> addDids(tx, caller, dids, now));
        database.statistics().wrote("dids", dids.size());
    }

    /** As {@link #addDids(Caller, List)}, inside the caller's transaction, for distinct collections. */
    public void addDids(Tx tx, Caller caller, List<NewDid> dids, Instant now) {
        checkScopes(tx, caller, dids);
        checkAccounts(tx, caller, dids);
        insert(tx, caller, dids, now);
        Set<String> keys = new HashSet<>();
        dids.forEach(d -> keys.addAll(MetadataWriter.keys(d.meta())));
        MetaConventions.Loaded conventions = MetaConventions.load(tx, keys);
        for (NewDid did : dids) {
            if (did.meta() != null && !did.meta().isEmpty()) {
                MetadataWriter.apply(tx, did.did(), did.type(), did.meta(), false, now, conventions);
            }
        }
        List<Attachment> contents = dids.stream().filter(d -> !d.children().isEmpty())
                .map(d -> new Attachment(d.did(), d.children(), d.rse())).toList();
        if (!contents.isEmpty()) {
            attachments.attach(tx, caller.account(), contents, false);
        }
    }

    private void checkScopes(Tx tx, Caller caller, List<NewDid> dids) {
        Set<String> scopes = new TreeSet<>();
        dids.forEach(d -> scopes.add(d.did().scope()));
        for (String scope : scopes) {
            permissions.check(tx, caller, Actions.ADD_DID, "scope", scope);
        }
        DidSql.requireScopes(tx, scopes);
    }

    /** Only an admin may create DIDs owned by another account, which must exist. */
    private void checkAccounts(Tx tx, Caller caller, List<NewDid> dids) {
        Set<String> accounts = new TreeSet<>();
        dids.stream().filter(d -> d.account() != null).forEach(d -> accounts.add(d.account()));
        for (String account : accounts) {
            if (!account.equals(caller.account()) && !permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not add DIDs for account " + account);
            }
            if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + account + " not found");
            }
        }
    }

    private static void insert(Tx tx, Caller caller, List<NewDid> dids, Instant now) {
        Set<DidKey> inserted = new HashSet<>();
        Timestamp[] expiries = dids.stream().map(d -> expiry(d, now)).toArray(Timestamp[]::new);
        tx.query("insert into dids (scope, name, did_type, account, is_open, monotonic, expired_at, bytes, length, created_at, updated_at) "
                        + "select u.s, u.n, u.t, u.a, true, u.m, u.e, case when u.t = 'DATASET' then 0 end, 0, ?, ? "
                        + "from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[]) as u(s, n, t, a, m, e) "
                        + "on conflict do nothing returning scope, name",
                rs -> inserted.add(new DidKey(rs.getString(1), rs.getString(2))),
                Timestamp.from(now), Timestamp.from(now),
                DidSql.texts(tx, dids, d -> d.did().scope()), DidSql.texts(tx, dids, d -> d.did().name()),
                DidSql.texts(tx, dids, d -> d.type().name()),
                DidSql.texts(tx, dids, d -> d.account() != null ? d.account() : caller.account()),
                tx.array("bool", dids.stream().map(NewDid::monotonic).toArray(Boolean[]::new)),
                tx.array("timestamptz", expiries));
        for (NewDid did : dids) {
            if (!inserted.contains(did.did())) {
                throw new LagunaException(ErrorCode.DATA_IDENTIFIER_ALREADY_EXISTS, "Data identifier '" + did.did() + "' already exists");
            }
        }
        DidEvents.created(tx, caller.account(), dids.stream().map(d -> d.did().scope()).toList(),
                dids.stream().map(d -> d.did().name()).toList(), now);
    }

    private static Timestamp expiry(NewDid did, Instant now) {
        return did.lifetimeSeconds() == null ? null
                : (Timestamp) MetaRules.column("lifetime", JsonNodeFactory.instance.numberNode(did.lifetimeSeconds()), now).value();
    }

    /** Rucio's get_did; with {@code dynamicDepth} the size of collections is counted from contents. */
    public Did getDid(DidKey ref, DidType dynamicDepth) {
        return database.readOnly(tx -> {
            Did did = DidSql.loadDid(tx, ref);
            if (dynamicDepth == null || did.type() == DidType.FILE) {
                return did;
            }
            DidSql.Sizes sizes = DidSql.resolveSizes(tx, ref, did.type(), dynamicDepth);
            return new Did(did.scope(), did.name(), did.type(), did.account(), sizes.bytes(), sizes.length(), did.md5(), did.adler32(),
                    did.open(), did.monotonic(), did.expiredAt());
        });
    }

    /** Rucio's set_status with {@code open}: closing fixes the collection's size; only an admin reopens. */
    public void setOpen(Caller caller, DidKey ref, boolean open) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_STATUS, "scope", ref.scope(), "name", ref.name());
            DidType type = DidSql.lockType(tx, ref);
            if (open && !permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not reopen " + ref);
            }
            Timestamp now = Timestamp.from(clock.instant());
            int rows;
            if (!open) {
                DidSql.Sizes sizes = type == DidType.FILE ? DidSql.Sizes.NONE : DidSql.resolveSizes(tx, ref, type, DidType.FILE);
                rows = tx.update("update dids set is_open = false, closed_at = ?, length = ?, bytes = ?, events = ?, updated_at = ? "
                                + "where scope = ? and name = ? and is_open and did_type <> 'FILE'",
                        now, sizes.length(), sizes.bytes(), sizes.events(), now, ref.scope(), ref.name());
            } else {
                rows = tx.update("update dids set is_open = true, closed_at = null, updated_at = ? "
                                + "where scope = ? and name = ? and not is_open and did_type <> 'FILE'",
                        now, ref.scope(), ref.name());
            }
            if (rows == 0) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "The status of the data identifier '" + ref + "' cannot be changed");
            }
            DidEvents.statusChanged(tx, ref.scope(), ref.name(), open, now.toInstant());
        });
    }
}
