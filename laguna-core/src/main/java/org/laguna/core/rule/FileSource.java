package org.laguna.core.rule;

import java.util.List;
import org.laguna.core.common.DidType;

/**
 * The files under a DID as SQL, in a stable order with a keyset cursor, so that rules over
 * millions of files are expanded in batches of bounded size. Each row is
 * {@code (ds_s, ds_n, s, n, b, a, m)}: the dataset the file was found in (null for a file DID),
 * the file, its bytes, adler32 and md5. A cursor is the last row's {@code (ds_s, ds_n, s, n)}.
 */
public record FileSource(String scope, String name, DidType type, boolean onlyNewContent, int part, int parts, String[] upper) {
    private static final String TREE = "with recursive tree(s, n, t) as ("
            + "select child_scope::text, child_name::text, child_type from contents where scope = ? and name = ? "
            + "union select c.child_scope::text, c.child_name::text, c.child_type from contents c join tree on c.scope = tree.s "
            + "and c.name = tree.n where tree.t = 'CONTAINER') ";

    /** All files under a DID. */
    public static FileSource of(String scope, String name, DidType type) {
        return new FileSource(scope, name, type, false, 0, 1, null);
    }

    /** The files of one part of {@code of}, split by a hash of the file name. */
    public FileSource part(int number, int of) {
        return new FileSource(scope, name, type, onlyNewContent, number, of, upper);
    }

    /** The files of a dataset up to and including this (file scope, file name) cursor, null for all. */
    public FileSource upTo(String[] last) {
        return new FileSource(scope, name, type, onlyNewContent, part, parts, last);
    }

    private String partFilter(String nameColumn, List<Object> params) {
        if (parts <= 1 || type == DidType.FILE) {
            return "";
        }
        params.add(parts);
        params.add(part);
        return " and mod(hashtext(" + nameColumn + ")::bigint + 2147483648, ?) = ?";
    }

    /** The files attached to a dataset that no rule has seen yet. */
    public static FileSource newFilesOf(String scope, String name) {
        return new FileSource(scope, name, DidType.DATASET, true, 0, 1, null);
    }

    /** SQL for up to {@code limit} rows after the cursor, and its parameters (appended to params). */
    public String sql(String[] cursor, int limit, List<Object> params) {
        String[] c = cursor == null ? new String[] {"", "", "", ""} : cursor;
        switch (type) {
            case FILE -> {
                params.add(scope);
                params.add(name);
                // a file DID is a single row: once a cursor exists, it is done
                return "select null::text as ds_s, null::text as ds_n, d.scope::text as s, d.name::text as n, d.bytes as b, "
                        + "d.adler32 as a, d.md5 as m from dids d where d.scope = ? and d.name = ? and d.did_type = 'FILE'"
                        + (cursor == null ? "" : " and false");
            }
            case DATASET -> {
                params.add(scope);
                params.add(name);
                params.add(c[2]);
                params.add(c[3]);
                String filter = partFilter("c.child_name::text", params);
                if (upper != null) {
                    params.add(upper[2]);
                    params.add(upper[3]);
                    filter += " and (c.child_scope::text, c.child_name::text) <= (?, ?)";
                }
                params.add(limit);
                return "select c.scope::text as ds_s, c.name::text as ds_n, c.child_scope::text as s, c.child_name::text as n, "
                        + "c.bytes as b, c.adler32 as a, c.md5 as m from contents c where c.scope = ? and c.name = ?"
                        + (onlyNewContent ? " and c.rule_evaluation" : "")
                        + " and (c.child_scope::text, c.child_name::text) > (?, ?)" + filter
                        + " order by c.child_scope::text, c.child_name::text limit ?";
            }
            default -> {
                params.add(scope);
                params.add(name);
                params.add(c[0]);
                params.add(c[1]);
                params.add(c[0]);
                params.add(c[1]);
                params.add(c[2]);
                params.add(c[3]);
                String filter = partFilter("c.child_name::text", params);
                params.add(limit);
                return "select * from (" + TREE
                        + "select ds.s as ds_s, ds.n as ds_n, f.s, f.n, f.b, f.a, f.m "
                        + "from (select distinct s, n from tree where t = 'DATASET' and (s, n) >= (?, ?) order by s, n) ds "
                        + "cross join lateral (select c.child_scope::text as s, c.child_name::text as n, c.bytes as b, c.adler32 as a, "
                        + "c.md5 as m from contents c where c.scope = ds.s and c.name = ds.n "
                        + "and (ds.s, ds.n, c.child_scope::text, c.child_name::text) > (?, ?, ?, ?)" + filter + " "
                        + "order by c.child_scope::text, c.child_name::text) f "
                        + "order by ds.s, ds.n, f.s, f.n limit ?) files";
            }
        }
    }

    /** SQL listing the distinct datasets under the DID (the DID itself for a dataset), as (s, n). */
    public String datasetsSql(List<Object> params) {
        params.add(scope);
        params.add(name);
        return switch (type) {
            case FILE -> "select ?::text as s, ?::text as n where false";
            case DATASET -> "select ?::text as s, ?::text as n";
            default -> TREE + "select distinct s, n from tree where t = 'DATASET'";
        };
    }
}
