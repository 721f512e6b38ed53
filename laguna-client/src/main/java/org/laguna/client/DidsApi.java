package org.laguna.client;

import static org.laguna.client.LagunaClient.path;
import static org.laguna.client.LagunaClient.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Data identifiers: files, datasets, containers, their content and metadata. */
public final class DidsApi {
    private final LagunaClient client;

    DidsApi(LagunaClient client) {
        this.client = client;
    }

    /** A DID as {@code {scope, name}}. */
    public static Map<String, String> did(String scope, String name) {
        return Map.of("scope", scope, "name", name);
    }

    public void add(String scope, String name, String type, Long lifetime, boolean monotonic, Map<String, Object> meta) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        if (lifetime != null) {
            body.put("lifetime", lifetime);
        }
        if (monotonic) {
            body.put("statuses", Map.of("monotonic", true));
        }
        if (meta != null && !meta.isEmpty()) {
            body.put("meta", meta);
        }
        client.post(path("dids", scope, name), body);
    }

    public JsonNode get(String scope, String name) {
        return client.get(path("dids", scope, name));
    }

    public void setOpen(String scope, String name, boolean open) {
        client.put(path("dids", scope, name, "status"), Map.of("open", open));
    }

    public void attach(String scope, String name, List<Map<String, String>> children) {
        client.post(path("dids", scope, name, "dids"), Map.of("dids", children));
    }

    public void detach(String scope, String name, List<Map<String, String>> children) {
        client.delete(path("dids", scope, name, "dids"), Map.of("dids", children));
    }

    public Stream<JsonNode> content(String scope, String name) {
        return client.stream("GET", path("dids", scope, name, "dids"), null);
    }

    public Stream<JsonNode> files(String scope, String name) {
        return client.stream("GET", path("dids", scope, name, "files"), null);
    }

    public Stream<JsonNode> parents(String scope, String name) {
        return client.stream("GET", path("dids", scope, name, "parents"), null);
    }

    /**
     * Searches a scope. Filters are Rucio's list of OR-ed groups of conditions, each condition keyed
     * as {@code key} or {@code key.operator} (for example {@code run_number.gte}); the name pattern
     * goes in as the {@code name} key.
     */
    public Stream<JsonNode> search(String scope, List<Map<String, Object>> filters, String type, boolean longFormat) {
        try {
            String url = path("dids", scope, "dids", "search") + "?" + query("type", type)
                    + "&" + query("long", longFormat ? "True" : "False")
                    + "&" + query("filters", LagunaClient.JSON.writeValueAsString(filters));
            return client.stream("GET", url, null);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public JsonNode meta(String scope, String name) {
        return client.get(path("dids", scope, name, "meta"));
    }

    /** The metadata of one plugin: DID_COLUMN (the default), JSON (free keys) or ALL. */
    public JsonNode meta(String scope, String name, String plugin) {
        return client.get(path("dids", scope, name, "meta") + "?" + LagunaClient.query("plugin", plugin));
    }

    public void setMeta(String scope, String name, String key, Object value) {
        client.post(path("dids", scope, name, "meta", key), Map.of("value", value));
    }

    public void setMeta(String scope, String name, Map<String, Object> meta) {
        client.post(path("dids", scope, name, "meta"), Map.of("meta", meta));
    }

    public void deleteMeta(String scope, String name, String key) {
        client.delete(path("dids", scope, name, "meta") + "?" + query("key", key), null);
    }
}
