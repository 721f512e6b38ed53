package org.laguna.client;

import static org.laguna.client.LagunaClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** Scopes. */
public final class ScopesApi {
    private final LagunaClient client;

    ScopesApi(LagunaClient client) {
        this.client = client;
    }

    public void add(String account, String scope) {
        client.post(path("accounts", account, "scopes", scope), Map.of());
    }

    public JsonNode list() {
        return client.get("/scopes");
    }

    public JsonNode listFor(String account) {
        return client.get(path("accounts", account, "scopes"));
    }
}
