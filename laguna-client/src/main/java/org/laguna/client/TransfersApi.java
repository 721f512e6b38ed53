package org.laguna.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Transfer limits and request metrics ({@code /requests/transfer_limits}, {@code /requests/metrics})
 * and the transfer matrix (a Laguna extension, {@code /requests/matrix}).
 */
public final class TransfersApi {
    private final LagunaClient client;

    TransfersApi(LagunaClient client) {
        this.client = client;
    }

    /**
     * Transfers done and failed and bytes moved per source and destination RSE over the last
     * {@code hours}: an object with {@code since}, {@code until} and {@code links}.
     */
    public JsonNode matrix(int hours) {
        return client.get("/requests/matrix?" + LagunaClient.query("hours", Integer.toString(hours)));
    }

    /** The limits, each with the transfers active and waiting under it; close the stream. */
    public Stream<JsonNode> limits() {
        return client.stream("GET", "/requests/transfer_limits", null);
    }

    /** Sets the limit of active transfers into each RSE of an expression (for one activity, or all when null). */
    public void setLimit(String rseExpression, String activity, long maxTransfers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rse_expression", rseExpression);
        if (activity != null) {
            body.put("activity", activity);
        }
        body.put("max_transfers", maxTransfers);
        client.put("/requests/transfer_limits", body);
    }

    public void deleteLimit(String rseExpression, String activity) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("rse_expression", rseExpression);
        if (activity != null) {
            body.put("activity", activity);
        }
        client.delete("/requests/transfer_limits", body);
    }

    /** Per link (source and destination RSE): files and bytes queued, submitted, done and failed; close the stream. */
    public Stream<JsonNode> metrics() {
        return client.stream("GET", "/requests/metrics", null);
    }
}
