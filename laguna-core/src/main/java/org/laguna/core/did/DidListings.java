package org.laguna.core.did;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidRecords.Content;
import org.laguna.core.did.DidRecords.ContentHistory;
import org.laguna.core.did.DidRecords.FileEntry;
import org.laguna.core.did.DidRecords.Parent;
import org.laguna.core.did.DidRecords.ScopeEntry;
import org.laguna.core.did.DidRecords.SearchHit;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.did.filter.FilterSql;
import org.laguna.core.did.filter.SqlFragment;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Streamed listings of DIDs: contents, their history, files, parents, a scope, and searches; each in one read-only transaction. */
public final class DidListings {
    private final Database database;

    public DidListings(Database database) {
        this.database = Objects.requireNonNull(database, "database is null");
    }

    /** The direct children of a collection. */
    public void listContent(DidKey ref, Consumer<Content> sink) {
        database.readOnly(tx -> {
            DidSql.requireDid(tx, ref);
            tx.stream("select child_scope, child_name, child_type, bytes, adler32, md5 from contents where scope = ? and name = ?",
                    rs -> new Content(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            Tx.longOrNull(rs, "bytes"), rs.getString(5), rs.getString(6)),
                    sink, ref.scope(), ref.name());
            return null;
        });
    }

    /**
     * One page of a collection's direct children in (scope, name) order, those after the given child
     * (none: from the start); read through the contents' primary key, so a page of a dataset of
     * millions of files costs what a page of a small one does.
     */
    public void listContentPage(DidKey ref, DidKey after, int limit, Consumer<Content> sink) {
        requirePageSize(limit);
        database.readOnly(tx -> {
            DidSql.requireDid(tx, ref);
            // the whole primary key in the row comparison, so that the plan walks that index from the last child shown
            String start = after == null ? "" : " and (scope, name, child_scope, child_name) > (?, ?, ?, ?)";
            Object[] params = after == null ? new Object[] {ref.scope(), ref.name(), limit}
                    : new Object[] {ref.scope(), ref.name(), ref.scope(), ref.name(), after.scope(), after.name(), limit};
            tx.stream("select child_scope, child_name, child_type, bytes, adler32, md5 from contents where scope = ? and name = ?" + start
                            + " order by scope, name, child_scope, child_name limit ?",
                    rs -> new Content(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            Tx.longOrNull(rs, "bytes"), rs.getString(5), rs.getString(6)),
                    sink, params);
            return null;
        });
    }

    /** One page of a non-recursive search in name order: the matching DIDs of the scope whose name follows {@code after} (null: from the start). */
    public void searchPage(String scope, DidFilter filter, String after, int limit, Consumer<SearchHit> sink) {
        requirePageSize(limit);
        SqlFragment where = FilterSql.compile(filter, "d");
        List<Object> params = new ArrayList<>();
        params.add(scope);
        params.addAll(where.params());
        String start = "";
        if (after != null) {
            start = " and d.name > ?";
            params.add(after);
        }
        params.add(limit);
        String sql = "select d.scope, d.name, d.did_type, d.bytes, d.length from dids d where d.scope = ? and not d.suppressed and "
                + where.sql() + start + " order by d.name limit ?";
        database.readOnly(tx -> {
            DidSql.requireScopes(tx, Set.of(scope));
            tx.stream(sql, rs -> new SearchHit(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                    Tx.longOrNull(rs, "bytes"), Tx.longOrNull(rs, "length")), sink, params.toArray());
            return null;
        });
    }

    private static void requirePageSize(int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "a page holds 1 to 10000 rows, got " + limit);
        }
    }

    /** The former children of a collection. */
    public void listContentHistory(DidKey ref, Consumer<ContentHistory> sink) {
        database.readOnly(tx -> {
            DidSql.requireDid(tx, ref);
            tx.stream("select child_scope, child_name, child_type, bytes, adler32, md5, deleted_at, created_at, updated_at "
                            + "from contents_history where scope = ? and name = ? order by deleted_at",
                    rs -> new ContentHistory(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            Tx.longOrNull(rs, "bytes"), rs.getString(5), rs.getString(6),
                            Tx.instant(rs, "deleted_at"), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at")),
                    sink, ref.scope(), ref.name());
            return null;
        });
    }

    /** All files below a DID (the DID itself if it is a file), through any depth of collections. */
    public void listFiles(DidKey ref, Consumer<FileEntry> sink) {
        database.readOnly(tx -> {
            DidType type = tx.queryOne("select did_type from dids where scope = ? and name = ?",
                    rs -> DidType.valueOf(rs.getString(1)), ref.scope(), ref.name()).orElseThrow(() -> DidSql.notFound(ref));
            if (type == DidType.FILE) {
                tx.stream("select scope, name, bytes, adler32, md5, guid, events from dids where scope = ? and name = ?",
                        DidListings::fileEntry, sink, ref.scope(), ref.name());
            } else {
                tx.stream("with recursive tree(scope, name) as (select ?::text, ?::text "
                                + "union select c.child_scope::text, c.child_name::text from contents c join tree t on c.scope = t.scope and c.name = t.name "
                                + "where c.child_type <> 'FILE') "
                                + "select c.child_scope, c.child_name, c.bytes, c.adler32, c.md5, c.guid, c.events from tree t "
                                + "join contents c on c.scope = t.scope and c.name = t.name and c.child_type = 'FILE'",
                        DidListings::fileEntry, sink, ref.scope(), ref.name());
            }
            return null;
        });
    }

    /**
     * The files inside an archive file, with the size and checksums they have inside it; an archive
     * that does not exist lists nothing, as in Rucio.
     */
    public void listArchiveContent(DidKey archive, Consumer<FileEntry> sink) {
        database.readOnly(tx -> {
            tx.stream("select child_scope, child_name, bytes, adler32, md5, guid, length as events from archive_contents "
                    + "where scope = ? and name = ? order by child_scope, child_name", DidListings::fileEntry, sink, archive.scope(), archive.name());
            return null;
        });
    }

    private static FileEntry fileEntry(ResultSet rs) throws SQLException {
        return new FileEntry(rs.getString(1), rs.getString(2), Tx.longOrNull(rs, "bytes"),
                rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), Tx.longOrNull(rs, "events"));
    }

    /** The collections that a DID is directly attached to. */
    public void listParents(DidKey ref, Consumer<Parent> sink) {
        database.readOnly(tx -> {
            DidSql.requireDid(tx, ref);
            tx.stream("select scope, name, did_type from contents where child_scope = ? and child_name = ?",
                    rs -> new Parent(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3))),
                    sink, ref.scope(), ref.name());
            return null;
        });
    }

    /**
     * Rucio's scope_list: without a name, the DIDs of the scope that have no parent in the scope
     * (and with {@code recursive} everything below them); with a name, what is below that DID.
     */
    public void listScope(String scope, String name, boolean recursive, Consumer<ScopeEntry> sink) {
        database.readOnly(tx -> {
            DidSql.requireScopes(tx, Set.of(scope));
            String start;
            Object[] params;
            if (name == null) {
                start = "select d.scope::text, d.name::text, d.did_type::text, null::text as pscope, null::text as pname, 0 as level, "
                        + "case when d.did_type = 'FILE' then d.bytes end as bytes, array[d.name::text] as path "
                        + "from dids d where d.scope = ? and not exists (select 1 from contents c where c.child_scope = d.scope "
                        + "and c.child_name = d.name and c.scope = d.scope)";
                params = new Object[] {scope, recursive};
            } else {
                DidSql.requireDid(tx, new DidKey(scope, name));
                start = "select c.child_scope::text, c.child_name::text, c.child_type::text, c.scope::text, c.name::text, 1, null::bigint, array[c.child_name::text] "
                        + "from contents c where c.scope = ? and c.name = ?";
                params = new Object[] {scope, name, recursive};
            }
            tx.stream("with recursive t(scope, name, type, pscope, pname, level, bytes, path) as (" + start
                            + " union all select c.child_scope::text, c.child_name::text, c.child_type::text, c.scope::text, c.name::text, t.level + 1, null::bigint, "
                            + "t.path || c.child_name::text from contents c join t on c.scope = t.scope and c.name = t.name "
                            + "where ?::boolean and t.type <> 'FILE') "
                            + "select scope, name, type, pscope, pname, level, bytes from t order by path",
                    rs -> new ScopeEntry(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            rs.getString(4) == null ? null : new DidKey(rs.getString(4), rs.getString(5)),
                            rs.getInt(6), Tx.longOrNull(rs, "bytes")),
                    sink, params);
            return null;
        });
    }

    /** DIDs of a scope matching a filter; with {@code recursive}, matching DIDs inside matched collections too. */
    public void search(String scope, DidFilter filter, Integer limit, boolean recursive, Consumer<SearchHit> sink) {
        SqlFragment where = FilterSql.compile(filter, "d");
        List<Object> params = new ArrayList<>();
        String sql;
        if (!recursive) {
            sql = "select d.scope, d.name, d.did_type, d.bytes, d.length from dids d where d.scope = ? and not d.suppressed and "
                    + where.sql();
            params.add(scope);
            params.addAll(where.params());
        } else {
            SqlFragment inner = FilterSql.compile(filter.withoutName(), "d");
            sql = "with recursive matched as (select d.scope, d.name from dids d where d.scope = ? and not d.suppressed and " + where.sql() + "), "
                    + "tree(scope, name) as (select c.child_scope, c.child_name from contents c join matched m on c.scope = m.scope and c.name = m.name "
                    + "union select c.child_scope, c.child_name from contents c join tree t on c.scope = t.scope and c.name = t.name) "
                    + "select d.scope, d.name, d.did_type, d.bytes, d.length from dids d join matched m on d.scope = m.scope and d.name = m.name "
                    + "union select d.scope, d.name, d.did_type, d.bytes, d.length from dids d join tree t on d.scope = t.scope and d.name = t.name "
                    + "where not d.suppressed and " + inner.sql();
            params.add(scope);
            params.addAll(where.params());
            params.addAll(inner.params());
        }
        if (limit != null) {
            if (limit < 0) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "limit must not be negative, got " + limit);
            }
            sql += " limit ?";
            params.add(limit);
        }
        String query = sql;
        database.readOnly(tx -> {
            tx.stream(query, rs -> new SearchHit(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                    Tx.longOrNull(rs, "bytes"), Tx.longOrNull(rs, "length")), sink, params.toArray());
            return null;
        });
    }
}
