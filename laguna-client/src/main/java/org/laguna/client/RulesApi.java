package org.laguna.client;

import static org.laguna.client.LagunaClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** Replication rules and locks. */
public final class RulesApi {
    private final LagunaClient client;

    RulesApi(LagunaClient client) {
        this.client = client;
    }

    /** Adds rules (one per DID) with Rucio's body fields; answers the new rule ids. */
    public List<String> add(Map<String, Object> body) {
        JsonNode ids = client.post("/rules/", body);
        return StreamSupport.stream(ids.spliterator(), false).map(JsonNode::asText).toList();
    }

    public JsonNode get(String id) {
        return client.get(path("rules", id));
    }

    /** Rules matching Rucio's filters (account, scope, name, state, rse_expression, ...). */
    public Stream<JsonNode> list(Map<String, String> filters) {
        StringBuilder query = new StringBuilder();
        filters.forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(LagunaClient.query(k, v)));
        return client.stream("GET", "/rules/" + query, null);
    }

    public Stream<JsonNode> ofDid(String scope, String name) {
        return client.stream("GET", path("dids", scope, name, "rules"), null);
    }

    public Stream<JsonNode> locks(String id) {
        return client.stream("GET", path("rules", id, "locks"), null);
    }

    public Stream<JsonNode> history(String id) {
        return client.stream("GET", path("rules", id, "history"), null);
    }

    public JsonNode analysis(String id) {
        return client.get(path("rules", id, "analysis"));
    }

    public void update(String id, Map<String, Object> options) {
        client.put(path("rules", id), Map.of("options", options));
    }

    /** Deletes a rule as Rucio does: it expires within the hour and the judge-cleaner removes it then. */
    public void delete(String id, boolean purgeReplicas) {
        delete(id, purgeReplicas, false);
    }

    /** Deletes a rule; {@code immediate} (administrators only) removes it at once. */
    public void delete(String id, boolean purgeReplicas, boolean immediate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("purge_replicas", purgeReplicas);
        if (immediate) {
            body.put("immediate", true);
        }
        client.delete(path("rules", id), body);
    }

    public List<String> reduce(String id, int copies, String excludeExpression) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("copies", copies);
        if (excludeExpression != null) {
            body.put("exclude_expression", excludeExpression);
        }
        JsonNode ids = client.post(path("rules", id, "reduce"), body);
        return StreamSupport.stream(ids.spliterator(), false).map(JsonNode::asText).toList();
    }

    /** Moves a rule to other RSEs; the answer is the id of the new rule. */
    public List<String> move(String id, String rseExpression) {
        JsonNode ids = client.post(path("rules", id, "move"), Map.of("rse_expression", rseExpression));
        return ids.isTextual() ? List.of(ids.asText())
                : StreamSupport.stream(ids.spliterator(), false).map(JsonNode::asText).toList();
    }
}
