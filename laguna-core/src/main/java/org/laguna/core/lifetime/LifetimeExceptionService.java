package org.laguna.core.lifetime;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.liveconfig.RuntimeConfig;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's lifetime exceptions: any account asks that DIDs outlive their expiry, with comments and
 * an expiry of the exception itself; an administrator approves or rejects the request. The
 * undertaker does not delete a DID named by an approved exception that has not expired
 * ({@link #PROTECTED_SQL}). The configuration option {@code lifetime_model.max_extension} (days),
 * when set, caps the expiry of new requests, and is their expiry when they give none.
 */
public final class LifetimeExceptionService {
    /**
     * An SQL condition, true when the DID {@code d} (columns {@code d.scope}, {@code d.name}) is not
     * covered by an approved exception still valid at the one parameter (now).
     */
    public static final String PROTECTED_SQL = "not exists (select 1 from lifetime_exceptions le where le.scope = d.scope "
            + "and le.name = d.name and le.state = 'A' and (le.expires_at is null or le.expires_at > ?))";

    /** What a request made: the new exception's DIDs by id, and the DIDs that are not in the catalogue. */
    public record Added(Map<UUID, List<Named>> exceptions, List<Named> unknown, List<Named> notAffected) {
    }

    /** A DID with its type, as the answer to a request names it. */
    public record Named(String scope, String name, String didType) {
    }

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public LifetimeExceptionService(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Asks for an exception for the DIDs that exist (one request, one id); DIDs not in the catalogue
     * are answered as unknown. A DID given twice is LifetimeExceptionDuplicate; an expiry in the
     * past is InvalidObject.
     */
    public Added add(Caller caller, List<DidKey> dids, String pattern, String comments, Instant expiresAt) {
        Objects.requireNonNull(dids, "dids is null");
        Instant now = clock.instant();
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "expires_at " + expiresAt + " is not in the future");
        }
        if (comments != null && comments.length() > 4000) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "comments are longer than 4000 characters");
        }
        if (pattern != null && pattern.length() > 255) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "pattern is longer than 255 characters");
        }
        int maxDays = RuntimeConfig.liveInt(database, "lifetime_model.max_extension", 0);
        Instant expiry = expiresAt;
        if (maxDays > 0) {
            Instant cap = now.plus(Duration.ofDays(maxDays));
            expiry = expiry == null || expiry.isAfter(cap) ? cap : expiry;
        }
        Set<DidKey> seen = new HashSet<>();
        for (DidKey did : dids) {
            if (!seen.add(did)) {
                throw new LagunaException(ErrorCode.LIFETIME_EXCEPTION_DUPLICATE, "The DID " + did.scope() + ":" + did.name()
                        + " is named twice in the request");
            }
        }
        Instant finalExpiry = expiry;
        return database.inTransaction(tx -> {
            UUID id = UUID.randomUUID();
            List<Named> accepted = new ArrayList<>();
            List<Named> unknown = new ArrayList<>();
            for (DidKey did : dids) {
                String type = tx.queryOne("select did_type from dids where scope = ? and name = ?", rs -> rs.getString(1), did.scope(),
                        did.name()).orElse(null);
                if (type == null) {
                    unknown.add(new Named(did.scope(), did.name(), "DATASET"));
                    continue;
                }
                tx.update("insert into lifetime_exceptions (id, scope, name, did_type, account, pattern, comments, state, expires_at, "
                        + "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, 'W', ?, ?, ?)", id, did.scope(), did.name(), type,
                        caller.account(), pattern, comments, finalExpiry == null ? null : Timestamp.from(finalExpiry),
                        Timestamp.from(now), Timestamp.from(now));
                accepted.add(new Named(did.scope(), did.name(), type));
            }
            Map<UUID, List<Named>> exceptions = new LinkedHashMap<>();
            if (!accepted.isEmpty()) {
                exceptions.put(id, List.copyOf(accepted));
                permissions.recordChange(tx, caller, "add_exception", "id", id.toString(), "dids", String.valueOf(accepted.size()));
            }
            return new Added(exceptions, List.copyOf(unknown), List.of());
        });
    }

    /** Every exception (or the one of the id), each of its DIDs a line; open to every account, as in Rucio. */
    public void list(UUID id, Set<LifetimeException.State> states, Consumer<LifetimeException> sink) {
        List<String> codes = states == null ? List.of() : states.stream().map(LifetimeException.State::code).toList();
        database.readOnly(tx -> {
            if (id != null && !tx.exists("select 1 from lifetime_exceptions where id = ?", id)) {
                throw notFound(id);
            }
            tx.stream("select id, scope, name, did_type, account, pattern, comments, state, created_at, expires_at "
                    + "from lifetime_exceptions where (?::uuid is null or id = ?) and (cardinality(?::text[]) = 0 or state = any(?::text[])) "
                    + "order by created_at, id, scope, name", rs -> new LifetimeException(rs.getObject(1, UUID.class), rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            LifetimeException.State.ofCode(rs.getString(8)), Tx.instant(rs, "created_at"), Tx.instant(rs, "expires_at")),
                    sink, id, id, tx.textArray(codes), tx.textArray(codes));
            return null;
        });
    }

    /** Approves or rejects a request: administrators only; another state is UnsupportedOperation. */
    public void update(Caller caller, UUID id, LifetimeException.State state) {
        if (state != LifetimeException.State.APPROVED && state != LifetimeException.State.REJECTED) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "The state of a lifetime exception can only be set to APPROVED or "
                    + "REJECTED");
        }
        Timestamp now = Timestamp.from(clock.instant());
        database.inTransactionVoid(tx -> {
            if (!permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not update lifetime exceptions");
            }
            if (tx.update("update lifetime_exceptions set state = ?, updated_at = ? where id = ?", state.code(), now, id) == 0) {
                throw notFound(id);
            }
            permissions.recordChange(tx, caller, "update_exception", "id", id.toString(), "state", state.name());
        });
    }

    private static LagunaException notFound(UUID id) {
        return new LagunaException(ErrorCode.LIFETIME_EXCEPTION_NOT_FOUND, "Lifetime exception " + id + " not found");
    }
}
