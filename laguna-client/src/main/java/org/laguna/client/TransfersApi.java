package org.laguna.client;

import com.fasterxml.jackson.databind.JsonNode;

/** Transfer statistics (Laguna extensions of the request endpoints). */
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
}
