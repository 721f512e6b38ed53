package org.laguna.client;

import static org.laguna.client.LagunaClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Accounts, their attributes, identities, limits and usage. */
public final class AccountsApi {
    private final LagunaClient client;

    AccountsApi(LagunaClient client) {
        this.client = client;
    }

    public void add(String account, String type, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("email", email);
        client.post(path("accounts", account), body);
    }

    public JsonNode get(String account) {
        return client.get(path("accounts", account));
    }

    public Stream<JsonNode> list() {
        return client.stream("GET", "/accounts", null);
    }

    public void update(String account, String key, String value) {
        client.put(path("accounts", account), Map.of(key, value));
    }

    public void delete(String account) {
        client.delete(path("accounts", account), null);
    }

    public JsonNode attributes(String account) {
        return client.get(path("accounts", account, "attr"));
    }

    public void addAttribute(String account, String key, Object value) {
        client.post(path("accounts", account, "attr", key), Map.of("value", value));
    }

    public void deleteAttribute(String account, String key) {
        client.delete(path("accounts", account, "attr", key), null);
    }

    public Stream<JsonNode> identities(String account) {
        return client.stream("GET", path("accounts", account, "identities"), null);
    }

    public void addUserpass(String account, String username, String password, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identity", username);
        body.put("authtype", "USERPASS");
        body.put("email", email);
        body.put("password", password);
        body.put("default", true);
        client.post(path("accounts", account, "identities"), body);
    }

    /** Maps an identity that needs no password (type OIDC, X509, GSS, SSH) to an account, as its default account. */
    public void addIdentity(String account, String identity, String type, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identity", identity);
        body.put("authtype", type);
        body.put("email", email);
        body.put("default", true);
        client.post(path("accounts", account, "identities"), body);
    }

    public JsonNode localLimits(String account) {
        return client.get(path("accounts", account, "limits", "local"));
    }

    public JsonNode globalLimits(String account) {
        return client.get(path("accounts", account, "limits", "global"));
    }

    public void setLocalLimit(String account, String rse, long bytes) {
        client.post(path("accounts", account, "limits", "local", rse), Map.of("bytes", bytes));
    }

    public void deleteLocalLimit(String account, String rse) {
        client.delete(path("accounts", account, "limits", "local", rse), null);
    }

    public void setGlobalLimit(String account, String rseExpression, long bytes) {
        client.post(path("accounts", account, "limits", "global", rseExpression), Map.of("bytes", bytes));
    }

    public Stream<JsonNode> usage(String account) {
        return client.stream("GET", path("accounts", account, "usage", "local"), null);
    }

    /** The members of a GROUP account (Laguna). */
    public Stream<JsonNode> members(String group) {
        return client.stream("GET", path("accounts", group, "members"), null);
    }

    /** Makes an account a member of a GROUP account (Laguna; administrators). */
    public void addMember(String group, String member) {
        client.post(path("accounts", group, "members", member), Map.of());
    }

    /** Removes a member from a GROUP account (Laguna; administrators). */
    public void removeMember(String group, String member) {
        client.delete(path("accounts", group, "members", member), null);
    }

    /** The GROUP accounts an account is a member of (Laguna). */
    public Stream<JsonNode> groups(String account) {
        return client.stream("GET", path("accounts", account, "groups"), null);
    }
}
