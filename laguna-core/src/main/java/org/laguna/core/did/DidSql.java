package org.laguna.core.did;

import java.sql.Array;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidRecords.Did;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Statements and checks that several did use cases share; each runs in the caller's transaction. */
final class DidSql {
    /** Collections below a container: {@code below(scope, name, child_type)} with the child's own key. */
    private static final String DATASETS_BELOW = "with recursive below(scope, name, child_type) as ("
            + "select child_scope, child_name, child_type from contents where scope = ? and name = ? and child_type <> 'FILE' "
            + "union select c.child_scope, c.child_name, c.child_type from contents c join below b on c.scope = b.scope and c.name = b.name "
            + "where b.child_type = 'CONTAINER' and c.child_type <> 'FILE')";

    private DidSql() {
    }

    /** A collection's size counted from its contents. */
    record Sizes(long length, long bytes, long events) {
        static final Sizes NONE = new Sizes(0, 0, 0);
    }

    static Did loadDid(Tx tx, DidKey ref) {
        return tx.queryOne("select scope, name, did_type, account, bytes, length, md5, adler32, is_open, monotonic, expired_at "
                        + "from dids where scope = ? and name = ?",
                rs -> new Did(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)), rs.getString(4),
                        Tx.longOrNull(rs, "bytes"), Tx.longOrNull(rs, "length"), rs.getString(7), rs.getString(8),
                        Tx.boolOrNull(rs, "is_open"), rs.getBoolean(10), Tx.instant(rs, "expired_at")),
                ref.scope(), ref.name()).orElseThrow(() -> notFound(ref));
    }

    /** The size of a collection counted from its contents down to {@code depth}. */
    static Sizes resolveSizes(Tx tx, DidKey ref, DidType type, DidType depth) {
        String sql;
        if (type == DidType.DATASET && depth == DidType.FILE) {
            sql = "select count(*), coalesce(sum(bytes), 0), coalesce(sum(events), 0) from contents where scope = ? and name = ?";
        } else if (type == DidType.CONTAINER && depth == DidType.DATASET) {
            sql = DATASETS_BELOW + " select coalesce(sum(d.length), 0), coalesce(sum(d.bytes), 0), coalesce(sum(d.events), 0) "
                    + "from (select distinct scope, name from below where child_type = 'DATASET') x join dids d on d.scope = x.scope and d.name = x.name";
        } else if (type == DidType.CONTAINER) {
            sql = DATASETS_BELOW + " select count(*), coalesce(sum(c.bytes), 0), coalesce(sum(c.events), 0) "
                    + "from (select distinct scope, name from below where child_type = 'DATASET') x join contents c on c.scope = x.scope and c.name = x.name";
        } else {
            sql = "select coalesce(length, 0), coalesce(bytes, 0), coalesce(events, 0) from dids where scope = ? and name = ?";
        }
        return tx.queryOne(sql, rs -> new Sizes(rs.getLong(1), rs.getLong(2), rs.getLong(3)), ref.scope(), ref.name())
                .orElse(Sizes.NONE);
    }

    /** The type of a DID, locking its row. */
    static DidType lockType(Tx tx, DidKey ref) {
        return tx.queryOne("select did_type from dids where scope = ? and name = ? for update",
                rs -> DidType.valueOf(rs.getString(1)), ref.scope(), ref.name()).orElseThrow(() -> notFound(ref));
    }

    static void requireDid(Tx tx, DidKey ref) {
        if (!tx.exists("select 1 from dids where scope = ? and name = ?", ref.scope(), ref.name())) {
            throw notFound(ref);
        }
    }

    static void requireScopes(Tx tx, Set<String> scopes) {
        Set<String> found = new HashSet<>();
        tx.query("select scope from scopes where scope = any(?::text[]) and status <> 'DELETED'",
                rs -> found.add(rs.getString(1)), tx.array("text", scopes.toArray(String[]::new)));
        for (String scope : scopes) {
            if (!found.contains(scope)) {
                throw new LagunaException(ErrorCode.SCOPE_NOT_FOUND, "Scope '" + scope + "' not found");
            }
        }
    }

    static LagunaException notFound(DidKey ref) {
        return new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + ref + "' not found");
    }

    /** A text array parameter of one field of each item, in order. */
    static <T> Array texts(Tx tx, Collection<T> items, Function<T, String> field) {
        return tx.array("text", items.stream().map(field).toArray(String[]::new));
    }
}
