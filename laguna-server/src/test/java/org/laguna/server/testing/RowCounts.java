package org.laguna.server.testing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The catalogue tables that API requests write, and one query that answers their row counts as
 * one text ({@code 3,0,1,...}): a refused request must leave it unchanged. Used by the REST fuzz
 * test and by the benchmark's chaos scenario, which runs the same fuzz against a server process.
 */
public final class RowCounts {
    public static final List<String> TABLES = List.of("accounts", "account_attrs", "identities", "account_map", "scopes", "dids",
            "contents", "rses", "rse_attrs", "rse_protocols", "distances", "rse_limits", "account_limits", "account_glob_limits",
            "replicas", "bad_replicas", "rules", "locks", "requests", "transfer_limits", "messages", "updated_dids",
            "registrations", "terms_acceptances", "group_members", "archive_contents");
    public static final String QUERY = TABLES.stream().map(table -> "(select count(*) from " + table + ")")
            .collect(Collectors.joining(" || ',' || ", "select ", ""));

    private RowCounts() {
    }
}
