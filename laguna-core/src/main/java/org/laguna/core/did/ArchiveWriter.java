package org.laguna.core.did;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Adds files to an archive file (Rucio's {@code add_files_to_archive}, an attachment whose parent is a
 * file named like an archive): constituents that are not in the catalogue become file DIDs of the
 * caller, every constituent is marked {@code constituent}, and the archive and the datasets holding it
 * are marked {@code is_archive}. Runs in the caller's transaction.
 */
final class ArchiveWriter {
    /** Rucio's archive names: zip, zipx, tar.gz, tgz, tar.Z, tar.bz2, tbz2, optionally numbered. */
    private static final Pattern ARCHIVE_NAME = Pattern.compile("^.*\\.(zip|zipx|tar\\.gz|tgz|tar\\.z|tar\\.bz2|tbz2)(\\.\\d+)*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private ArchiveWriter() {
    }

    /** True if a file of that name is an archive that files can be added to. */
    static boolean isArchiveName(String name) {
        return ARCHIVE_NAME.matcher(name).matches();
    }

    /** What the catalogue holds for a constituent: null type if it does not exist. */
    private record Known(DidType type, boolean inArchive) {
    }

    /** Adds the files to the archive; with {@code ignoreDuplicate}, files already in it are skipped. */
    static void add(Tx tx, DidKey archive, List<Child> files, String account, boolean ignoreDuplicate, Timestamp now) {
        Map<DidKey, Child> distinct = new LinkedHashMap<>();
        files.forEach(f -> distinct.putIfAbsent(f.did(), f));
        List<Child> children = List.copyOf(distinct.values());
        if (children.isEmpty()) {
            return;
        }
        List<Known> known = tx.query("select d.did_type, (a.scope is not null) as in_archive "
                        + "from unnest(?::text[], ?::text[]) with ordinality as u(s, n, ord) "
                        + "left join dids d on d.scope = u.s and d.name = u.n "
                        + "left join archive_contents a on a.scope = ? and a.name = ? and a.child_scope = u.s and a.child_name = u.n "
                        + "order by u.ord",
                rs -> new Known(rs.getString(1) == null ? null : DidType.valueOf(rs.getString(1)), rs.getBoolean(2)),
                DidSql.texts(tx, children, c -> c.did().scope()), DidSql.texts(tx, children, c -> c.did().name()),
                archive.scope(), archive.name());
        List<Child> fresh = new ArrayList<>();
        List<Child> created = new ArrayList<>();
        for (int i = 0; i < children.size(); i++) {
            Child child = children.get(i);
            Known state = known.get(i);
            if (child.did().equals(archive)) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Self-append is not valid: " + archive);
            }
            if (state.inArchive()) {
                if (ignoreDuplicate) {
                    continue;
                }
                throw new LagunaException(ErrorCode.DUPLICATE, "File '" + child.did() + "' is already in the archive '" + archive + "'");
            }
            if (state.type() == null) {
                if (child.bytes() == null) {
                    throw new LagunaException(ErrorCode.INVALID_OBJECT, "bytes of the new file '" + child.did() + "' in an archive are missing");
                }
                created.add(child);
            } else if (state.type() != DidType.FILE) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "Data identifier " + child.did() + " of type " + state.type() + " cannot be added to an archive");
            }
            fresh.add(child);
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (!created.isEmpty()) {
            DidSql.requireScopes(tx, created.stream().map(c -> c.did().scope()).collect(Collectors.toSet()));
        }
        insert(tx, archive, fresh, created, account, now);
    }

    private static void insert(Tx tx, DidKey archive, List<Child> fresh, List<Child> created, String account, Timestamp now) {
        if (!created.isEmpty()) {
            tx.update("insert into dids (scope, name, did_type, account, bytes, adler32, md5, constituent, created_at, updated_at) "
                            + "select u.s, u.n, 'FILE', ?, u.b, u.a, u.m, true, ?, ? "
                            + "from unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) as u(s, n, b, a, m)",
                    account, now, now, DidSql.texts(tx, created, c -> c.did().scope()), DidSql.texts(tx, created, c -> c.did().name()),
                    tx.array("bigint", created.stream().map(Child::bytes).toArray()),
                    DidSql.texts(tx, created, Child::adler32), DidSql.texts(tx, created, Child::md5));
        }
        // a constituent keeps the size and checksums given for it inside the archive, else the file's own
        tx.update("insert into archive_contents (scope, name, child_scope, child_name, bytes, adler32, md5, guid, length, created_at, updated_at) "
                        + "select ?, ?, d.scope, d.name, coalesce(u.b, d.bytes, 0), coalesce(u.a, d.adler32), coalesce(u.m, d.md5), d.guid, d.events, ?, ? "
                        + "from unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) as u(s, n, b, a, m) "
                        + "join dids d on d.scope = u.s and d.name = u.n",
                archive.scope(), archive.name(), now, now,
                DidSql.texts(tx, fresh, c -> c.did().scope()), DidSql.texts(tx, fresh, c -> c.did().name()),
                tx.array("bigint", fresh.stream().map(Child::bytes).toArray()),
                DidSql.texts(tx, fresh, Child::adler32), DidSql.texts(tx, fresh, Child::md5));
        tx.update("update dids d set constituent = true, updated_at = ? from unnest(?::text[], ?::text[]) as u(s, n) "
                        + "where d.scope = u.s and d.name = u.n and d.constituent is not true",
                now, DidSql.texts(tx, fresh, c -> c.did().scope()), DidSql.texts(tx, fresh, c -> c.did().name()));
        tx.update("update dids d set is_archive = true, updated_at = ? where d.is_archive is not true and ((d.scope = ? and d.name = ?) "
                        + "or exists (select 1 from contents c where c.child_scope = ? and c.child_name = ? and c.scope = d.scope and c.name = d.name))",
                now, archive.scope(), archive.name(), archive.scope(), archive.name());
    }
}
