package org.laguna.core.replica;

import java.sql.Timestamp;
import java.util.List;
import org.laguna.core.db.Tx;

/**
 * What follows the removal of replicas for archives, as in Rucio: an archive whose last replica went
 * no longer holds its files, and a file left in no archive is no longer a constituent.
 */
public final class ArchiveCleanup {
    private ArchiveCleanup() {
    }

    /** Runs in the transaction that removed the replicas of the given files. */
    public static void afterRemoval(Tx tx, List<String> scopes, List<String> names, Timestamp now) {
        if (scopes.isEmpty()) {
            return;
        }
        List<String[]> files = tx.query("delete from archive_contents a using unnest(?::text[], ?::text[]) as g(s, n) "
                        + "where a.scope = g.s and a.name = g.n and not exists (select 1 from replicas r where r.scope = a.scope and r.name = a.name) "
                        + "returning a.child_scope, a.child_name",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, tx.array("text", scopes.toArray()), tx.array("text", names.toArray()));
        if (!files.isEmpty()) {
            tx.update("update dids d set constituent = false, updated_at = ? from unnest(?::text[], ?::text[]) as c(s, n) "
                            + "where d.scope = c.s and d.name = c.n "
                            + "and not exists (select 1 from archive_contents a where a.child_scope = d.scope and a.child_name = d.name)",
                    now, tx.array("text", files.stream().map(f -> f[0]).toArray()), tx.array("text", files.stream().map(f -> f[1]).toArray()));
        }
    }
}
