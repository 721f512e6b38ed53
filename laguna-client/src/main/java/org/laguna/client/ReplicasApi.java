package org.laguna.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** File replicas. */
public final class ReplicasApi {
    private final LagunaClient client;

    ReplicasApi(LagunaClient client) {
        this.client = client;
    }

    /** Registers replicas on an RSE: each file {scope, name, bytes, adler32, md5?, pfn?, state?}. */
    public void add(String rse, List<Map<String, Object>> files) {
        client.post("/replicas", Map.of("rse", rse, "files", files));
    }

    public void delete(String rse, List<Map<String, String>> files) {
        client.delete("/replicas", Map.of("rse", rse, "files", files));
    }

    public void updateStates(String rse, List<Map<String, Object>> files) {
        client.put("/replicas", Map.of("rse", rse, "files", files));
    }

    /** Lists the replicas of files, datasets or containers, one answer per file, read lazily. */
    public Stream<JsonNode> list(List<Map<String, String>> dids, List<String> schemes, String rseExpression, boolean allStates) {
        return list(dids, schemes, rseExpression, allStates, null);
    }

    /** As {@link #list(List, List, String, boolean)}, for at most {@code nrandom} files picked at random (null: all). */
    public Stream<JsonNode> list(List<Map<String, String>> dids, List<String> schemes, String rseExpression, boolean allStates, Integer nrandom) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (nrandom != null) {
            body.put("nrandom", nrandom);
        }
        body.put("dids", dids);
        if (schemes != null && !schemes.isEmpty()) {
            body.put("schemes", schemes);
        }
        if (rseExpression != null) {
            body.put("rse_expression", rseExpression);
        }
        body.put("all_states", allStates);
        return client.stream("POST", "/replicas/list", body);
    }

    /**
     * Imports files already on storage: each entry {scope, name, bytes, adler32?, md5?, path?}. Sends
     * one request with the entries as NDJSON and answers the server's summary.
     */
    public JsonNode importReplicas(String rse, List<Map<String, Object>> entries, boolean dryRun) {
        StringBuilder body = new StringBuilder(entries.size() * 100);
        try {
            for (Map<String, Object> entry : entries) {
                body.append(LagunaClient.JSON.writeValueAsString(entry)).append('\n');
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return client.postText("/replicas/import?" + LagunaClient.query("rse", rse) + "&dry_run=" + dryRun, body.toString());
    }

    /** Declares replicas bad by PFN; answers those that could not be declared, per RSE. */
    public JsonNode declareBad(List<String> pfns, String reason) {
        return client.post("/replicas/bad", Map.of("replicas", pfns, "reason", reason));
    }

    /** Declares replicas suspicious by PFN (Rucio's {@code POST /replicas/suspicious}); answers those not declared, per RSE. */
    public JsonNode declareSuspicious(List<String> pfns, String reason) {
        return client.post("/replicas/suspicious", Map.of("pfns", pfns, "reason", reason));
    }

    /**
     * The replicas declared suspicious at least {@code nattempts} times (0: any) since {@code youngerThan}
     * ({@code YYYY-MM-DDTHH:MM:SS} UTC, null: the server's window) on the RSEs of an expression (null: all).
     */
    public JsonNode listSuspicious(String rseExpression, String youngerThan, int nattempts) {
        StringBuilder query = new StringBuilder("/replicas/suspicious?nattempts=" + nattempts);
        if (rseExpression != null) {
            query.append('&').append(LagunaClient.query("rse_expression", rseExpression));
        }
        if (youngerThan != null) {
            query.append('&').append(LagunaClient.query("younger_than", youngerThan));
        }
        return client.get(query.toString());
    }
}
