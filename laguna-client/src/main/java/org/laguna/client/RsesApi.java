package org.laguna.client;

import static org.laguna.client.LagunaClient.path;
import static org.laguna.client.LagunaClient.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Storage elements: settings, attributes, protocols, distances, limits, usage. */
public final class RsesApi {
    private final LagunaClient client;

    RsesApi(LagunaClient client) {
        this.client = client;
    }

    public void add(String rse, Map<String, Object> settings) {
        client.post(path("rses", rse), settings);
    }

    public JsonNode get(String rse) {
        return client.get(path("rses", rse));
    }

    public void update(String rse, Map<String, Object> settings) {
        client.put(path("rses", rse), settings);
    }

    public void delete(String rse) {
        client.delete(path("rses", rse), null);
    }

    /** All RSEs (full rows), or the names an expression selects. */
    public Stream<JsonNode> list(String expression) {
        return client.stream("GET", expression == null ? "/rses" : "/rses?" + query("expression", expression), null);
    }

    public JsonNode attributes(String rse) {
        return client.get(path("rses", rse, "attr"));
    }

    public void setAttribute(String rse, String key, Object value) {
        client.post(path("rses", rse, "attr", key), Map.of("value", value));
    }

    public void deleteAttribute(String rse, String key) {
        client.delete(path("rses", rse, "attr", key), null);
    }

    /** Adds a protocol: body with hostname, port, prefix, impl, domains. */
    public void addProtocol(String rse, String scheme, Map<String, Object> protocol) {
        client.post(path("rses", rse, "protocols", scheme), protocol);
    }

    public JsonNode protocols(String rse) {
        return client.get(path("rses", rse, "protocols"));
    }

    public void deleteProtocol(String rse, String scheme) {
        client.delete(path("rses", rse, "protocols", scheme), null);
    }

    /** Rucio's export: every RSE with its attributes, protocols and limits, and the distances when asked. */
    public JsonNode exportData(boolean withDistances) {
        return client.get(withDistances ? "/export" : "/export?distance=false");
    }

    /** Rucio's import of RSEs and distances, in the format of {@link #exportData}; administrators only. */
    public void importData(JsonNode data) {
        client.post("/import", data);
    }

    public JsonNode distance(String source, String destination) {
        return client.get(path("rses", source, "distances", destination));
    }

    public void setDistance(String source, String destination, int distance, boolean create) {
        if (create) {
            client.post(path("rses", source, "distances", destination), Map.of("distance", distance));
        } else {
            client.put(path("rses", source, "distances", destination), Map.of("distance", distance));
        }
    }

    public JsonNode limits(String rse) {
        return client.get(path("rses", rse, "limits"));
    }

    public void setLimit(String rse, String name, long value) {
        client.put(path("rses", rse, "limits"), Map.of("name", name, "value", value));
    }

    public void deleteLimit(String rse, String name) {
        client.delete(path("rses", rse, "limits"), Map.of("name", name));
    }

    public Stream<JsonNode> usage(String rse) {
        return client.stream("GET", path("rses", rse, "usage"), null);
    }

    public JsonNode lfns2pfns(String rse, List<String> lfns, String scheme) {
        String q = lfns.stream().map(l -> query("lfns", l)).collect(Collectors.joining("&"));
        if (scheme != null) {
            q += "&" + query("scheme", scheme);
        }
        return client.get(path("rses", rse, "lfns2pfns") + "?" + q);
    }
}
