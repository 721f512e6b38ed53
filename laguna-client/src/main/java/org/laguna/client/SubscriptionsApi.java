package org.laguna.client;

import static org.laguna.client.LagunaClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;

/** Subscriptions: standing orders that give every new matching DID rules. */
public final class SubscriptionsApi {
    private final LagunaClient client;

    SubscriptionsApi(LagunaClient client) {
        this.client = client;
    }

    /** Adds a subscription with Rucio's options (filter, replication_rules, comments, lifetime, ...). */
    public void add(String account, String name, Map<String, Object> options) {
        client.post(path("subscriptions", account, name), Map.of("options", options));
    }

    public void update(String account, String name, Map<String, Object> options) {
        client.put(path("subscriptions", account, name), Map.of("options", options));
    }

    /** The subscriptions of an account and/or of a name (null for any); close the stream. */
    public Stream<JsonNode> list(String account, String name) {
        if (account == null && name != null) {
            return client.stream("GET", path("subscriptions", "name", name), null);
        }
        if (account == null) {
            return client.stream("GET", "/subscriptions/", null);
        }
        return client.stream("GET", name == null ? path("subscriptions", account) : path("subscriptions", account, name), null);
    }

    public JsonNode get(String id) {
        return client.get(path("subscriptions", "id", id));
    }

    /** The rules the subscription made; close the stream. */
    public Stream<JsonNode> rules(String account, String name) {
        return client.stream("GET", path("subscriptions", account, name, "rules"), null);
    }

    /** Lines of [account, name, rule state, count]; close the stream. */
    public Stream<JsonNode> ruleStates(String account, String name) {
        return client.stream("GET", path("subscriptions", account, name, "rules", "states"), null);
    }
}
