package org.laguna.core.replica;

import java.io.IOException;
import java.io.StringReader;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Names;
import org.laguna.core.db.Database;
import org.laguna.core.db.SqlErrors;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.lfn2pfn.Lfn2PfnAlgorithm;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;
import org.postgresql.PGConnection;

/**
 * Registers files that already sit on storage, in chunks: each chunk is copied into a temporary
 * table with PostgreSQL's COPY and merged with set-based statements in one transaction. Entries
 * already registered identically are skipped; entries that contradict the catalogue (another size
 * or checksum, or a path that is not the RSE's deterministic layout) are reported and left alone.
 */
public final class ReplicaImporter {
    public static final int CHUNK = 50_000;
    private static final String NOT_THE_LAYOUT = " is not the RSE's layout ";

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RseRepository rses = new RseRepository();

    public ReplicaImporter(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    public ImportSummary importReplicas(Caller caller, String rseName, Iterator<ImportEntry> entries, boolean dryRun) {
        ImportSummary summary = new ImportSummary();
        Rse rse = database.readOnly(tx -> rses.require(tx, caller.vo(), rseName));
        String algorithm = database.readOnly(tx -> Lfn2Pfn.algorithm(rses.attributes(tx, rse.id())));
        Set<String> checkedScopes = new HashSet<>();
        List<ImportEntry> chunk = new ArrayList<>(CHUNK);
        Set<String> inChunk = new HashSet<>();
        Set<String> pathsInChunk = new HashSet<>();
        while (entries.hasNext()) {
            ImportEntry entry = entries.next();
            String problem = check(entry, rse, algorithm);
            if (problem != null && problem.contains(NOT_THE_LAYOUT)) {
                summary.hint(layoutHint(rse, algorithm));
            }
            if (problem == null && !inChunk.add(entry.scope() + ":" + entry.name())) {
                problem = entry.scope() + ":" + entry.name() + ": given twice";
            }
            if (problem == null && !rse.deterministic() && !pathsInChunk.add(trim(entry.path()))) {
                problem = entry.scope() + ":" + entry.name() + ": path " + entry.path() + " is given for another file too";
            }
            if (problem != null) {
                summary.found(1);
                summary.invalid(problem);
                continue;
            }
            chunk.add(entry);
            if (chunk.size() == CHUNK) {
                merge(caller, rse, chunk, checkedScopes, dryRun, summary);
                chunk.clear();
                inChunk.clear();
                pathsInChunk.clear();
            }
        }
        if (!chunk.isEmpty()) {
            merge(caller, rse, chunk, checkedScopes, dryRun, summary);
        }
        return summary;
    }

    /** Why an entry cannot be imported, or null. */
    static String check(ImportEntry entry, Rse rse, String algorithm) {
        String did = entry.scope() + ":" + entry.name();
        try {
            Names.scope(entry.scope());
            Names.name(entry.name());
            if (entry.adler32() != null) {
                Names.adler32(entry.adler32());
            }
            if (entry.md5() != null) {
                Names.md5(entry.md5());
            }
        } catch (LagunaException e) {
            return did + ": " + e.getMessage();
        }
        if (entry.bytes() < 0) {
            return did + ": negative size " + entry.bytes();
        }
        String path = entry.path();
        if (path != null) {
            String unsafe = PfnPaths.unsafe(trim(path)).orElse(null);
            if (unsafe != null) {
                return did + ": path " + path + " " + unsafe;
            }
        }
        if (rse.deterministic()) {
            String expected = Lfn2Pfn.path(algorithm, entry.scope(), entry.name());
            if (path != null && !trim(path).equals(expected)) {
                return did + ": path " + path + NOT_THE_LAYOUT + expected;
            }
        } else if (path == null || path.isBlank()) {
            return did + ": RSE " + rse.name() + " is non-deterministic and needs the file's path";
        }
        return null;
    }

    /**
     * What to do when paths are not where a deterministic RSE's layout puts the files: the layout
     * the paths must follow, or an RSE that records each file's path.
     */
    static String layoutHint(Rse rse, String algorithm) {
        String layout = Lfn2PfnAlgorithm.named(algorithm) == Lfn2PfnAlgorithm.IDENTITY
                ? "SCOPE/NAME" : "SCOPE/xx/yy/NAME, xx and yy the first four hex digits of md5(SCOPE:NAME)";
        return "RSE " + rse.name() + " is deterministic: it computes a file's path from its scope and name (lfn2pfn_algorithm "
                + algorithm + ": " + layout + " below the protocol prefix), so only files stored at those paths can be imported"
                + " there. To register files where they already are, import them into a non-deterministic RSE with a protocol"
                + " on the same storage (laguna rse add NAME --non-deterministic), which records each file's path.";
    }

    private static String trim(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }

    private void merge(Caller caller, Rse rse, List<ImportEntry> chunk, Set<String> checkedScopes, boolean dryRun, ImportSummary summary) {
        long before = summary.registered();
        mergeInTransaction(caller, rse, chunk, checkedScopes, dryRun, summary);
        if (!dryRun) {
            database.statistics().wrote("replicas", summary.registered() - before);
            database.statistics().wrote("dids", summary.registered() - before);
        }
    }

    private void mergeInTransaction(Caller caller, Rse rse, List<ImportEntry> chunk, Set<String> checkedScopes, boolean dryRun,
            ImportSummary summary) {
        summary.found(chunk.size());
        database.inTransactionVoid(tx -> {
            Set<String> scopes = new LinkedHashSet<>();
            chunk.forEach(e -> scopes.add(e.scope()));
            for (String scope : scopes) {
                if (checkedScopes.contains(scope)) {
                    continue;
                }
                if (!tx.exists("select 1 from scopes where scope = ? and status <> 'DELETED'", scope)) {
                    throw new LagunaException(ErrorCode.SCOPE_NOT_FOUND, "Scope '" + scope + "' does not exist");
                }
                permissions.check(tx, caller, Actions.ADD_REPLICAS, "scope", scope, "rse", rse.name());
                checkedScopes.add(scope);
            }
            tx.update("create temporary table import_batch (scope text, name text, bytes bigint, adler32 text, md5 text, path text)"
                    + " on commit drop");
            copy(tx, chunk, rse.deterministic());
            tx.update("analyze import_batch");
            // one pass over the catalogue: what the DID and the replica on this RSE look like today
            tx.update("create temporary table import_checked on commit drop as"
                    + " select b.*, d.did_type as d_type, d.bytes as d_bytes, d.adler32 as d_adler32, d.md5 as d_md5,"
                    + " r.scope is not null as present, r.path as r_path, " + takenBy(rse) + " as taken"
                    + " from import_batch b left join dids d on d.scope = b.scope and d.name = b.name"
                    + " left join replicas r on r.scope = b.scope and r.name = b.name and r.rse_id = ?",
                    rse.deterministic() ? new Object[] {rse.id()} : new Object[] {rse.id(), rse.id()});
            String contradicts = "(d_type is not null and (d_type <> 'FILE' or d_bytes <> bytes"
                    + " or (d_adler32 is not null and adler32 is not null and d_adler32 <> adler32)"
                    + " or (d_md5 is not null and md5 is not null and d_md5 <> md5)))";
            // a path is one file: it may not be the path of another file's replica on this RSE
            String wrongPath = rse.deterministic() ? "false" : "((present and r_path is distinct from path) or taken)";
            tx.query("select scope || ':' || name, d_type, d_bytes, bytes, d_adler32, adler32, r_path, path, " + contradicts + ", taken"
                    + " from import_checked where " + contradicts + " or " + wrongPath,
                    rs -> {
                        if (rs.getBoolean(10) && !rs.getBoolean(9)) {
                            summary.mismatch(rs.getString(1) + ": path " + rs.getString(8) + " is already the replica of another file");
                        } else if (rs.getBoolean(9)) {
                            summary.mismatch(rs.getString(1) + ": the catalogue has " + rs.getString(2).toLowerCase() + " bytes="
                                    + rs.getLong(3) + " adler32=" + rs.getString(5) + ", the import says bytes=" + rs.getLong(4)
                                    + " adler32=" + rs.getString(6));
                        } else {
                            summary.mismatch(rs.getString(1) + ": registered at path " + rs.getString(7) + ", the import says " + rs.getString(8));
                        }
                        return null;
                    });
            String usable = "not " + contradicts + " and not " + wrongPath;
            long present = tx.count("select count(*) from import_checked where present and " + usable);
            summary.skipped(present);
            if (dryRun) {
                summary.registered(tx.count("select count(*) from import_checked where not present and " + usable));
                return;
            }
            tx.update("insert into dids (scope, name, did_type, account, bytes, adler32, md5)"
                    + " select scope, name, 'FILE', ?, bytes, adler32, md5 from import_checked where d_type is null"
                    + " on conflict (scope, name) do nothing", caller.account());
            int inserted = tx.update("insert into replicas (scope, name, rse_id, bytes, adler32, md5, path, state, created_at, updated_at)"
                    + " select scope, name, ?, bytes, adler32, md5, path, 'AVAILABLE', ?, ? from import_checked"
                    + " where not present and " + usable + " on conflict (scope, name, rse_id) do nothing",
                    rse.id(), clock.instant(), clock.instant());
            summary.registered(inserted);
        });
    }

    private static void copy(Tx tx, List<ImportEntry> chunk, boolean deterministic) {
        StringBuilder csv = new StringBuilder(chunk.size() * 96);
        for (ImportEntry e : chunk) {
            csv.append(quote(e.scope())).append(',').append(quote(e.name())).append(',').append(e.bytes()).append(',')
                    .append(e.adler32() == null ? "" : e.adler32().toLowerCase()).append(',')
                    .append(e.md5() == null ? "" : e.md5().toLowerCase()).append(',')
                    .append(deterministic || e.path() == null ? "" : quote(trim(e.path()))).append('\n');
        }
        try {
            tx.connection().unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("copy import_batch from stdin with (format csv)", new StringReader(csv.toString()));
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.DATABASE_ERROR, "COPY into the import table failed: " + e.getMessage(), e);
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    /**
     * Whether an import line's path is another file's replica on the RSE. Only a non-deterministic
     * RSE stores paths, so on a deterministic one no line can be, and the look-up is left out.
     */
    private static String takenBy(Rse rse) {
        return rse.deterministic() ? "false" : "exists (select 1 from replicas o where o.rse_id = ? and o.path = b.path"
                + " and (o.scope <> b.scope or o.name <> b.name))";
    }
}
