package org.laguna.client;

import static org.laguna.client.LagunaClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Lifetime exceptions, the server's database configuration and metadata conventions (Rucio's
 * {@code /lifetime_exceptions}, {@code /config} and {@code /meta_conventions}).
 */
public final class AdministrationApi {
    private final LagunaClient client;

    public AdministrationApi(LagunaClient client) {
        this.client = Objects.requireNonNull(client, "client is null");
    }

    // ---- lifetime exceptions

    /** Asks for an exception for DIDs ({scope, name}); the answer names the new exception's id and the unknown DIDs. */
    public JsonNode addLifetimeException(List<Map<String, String>> dids, String pattern, String comments, String expiresAt) {
        Map<String, Object> body = new HashMap<>();
        body.put("dids", dids);
        body.put("pattern", pattern);
        body.put("comments", comments);
        body.put("expires_at", expiresAt);
        return client.post("/lifetime_exceptions/", body);
    }

    /** Every exception (one line per DID), or those of the given states (A, R, W); close the stream. */
    public Stream<JsonNode> listLifetimeExceptions(String states) {
        return client.stream("GET", "/lifetime_exceptions/" + (states == null ? "" : "?" + LagunaClient.query("states", states)), null);
    }

    /** One exception's lines; close the stream. */
    public Stream<JsonNode> lifetimeException(String id) {
        return client.stream("GET", path("lifetime_exceptions", id), null);
    }

    /** Sets an exception's state: APPROVED or REJECTED (administrators). */
    public void setLifetimeExceptionState(String id, String state) {
        client.put(path("lifetime_exceptions", id), Map.of("state", state));
    }

    // ---- configuration

    /** Every section and its options, or one section's options. */
    public JsonNode config(String section) {
        return client.get(section == null ? "/config" : path("config", section));
    }

    public JsonNode configOption(String section, String option) {
        return client.get(path("config", section, option));
    }

    public void setConfigOption(String section, String option, String value) {
        client.post("/config", Map.of(section, Map.of(option, value)));
    }

    /** Removes an option, or (option null) a whole section. */
    public void deleteConfig(String section, String option) {
        client.delete(option == null ? path("config", section) : path("config", section, option), null);
    }

    // ---- metadata conventions

    /** Adds a key; with isEnum, DIDs may take only the values added to it. */
    public void addMetaKey(String key, String keyType, String valueType, String valueRegexp, boolean isEnum) {
        Map<String, Object> body = new HashMap<>();
        body.put("key_type", keyType);
        body.put("value_type", valueType);
        body.put("value_regexp", valueRegexp);
        if (isEnum) {
            body.put("is_enum", true);
        }
        client.post(path("meta_conventions", key), body);
    }

    public JsonNode metaKeys() {
        return client.get("/meta_conventions/");
    }

    public void addMetaValue(String key, Object value) {
        client.post(path("meta_conventions", key) + "/", Map.of("value", value));
    }

    public JsonNode metaValues(String key) {
        return client.get(path("meta_conventions", key) + "/");
    }
}
