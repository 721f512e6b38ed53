package org.laguna.core.permission.declarative;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.policy.CatalogueView;

/** A small catalogue in memory for policy tests. */
final class FakeFacts implements PolicyFacts {
    final Map<String, String> types = new HashMap<>();
    final Map<String, Map<String, String>> attributes = new HashMap<>();
    final Map<String, String> scopes = new HashMap<>();
    final Map<String, Map<String, String>> dids = new HashMap<>();
    final List<RseCandidate> rses = new ArrayList<>();

    FakeFacts account(String name, String type, String... keyValues) {
        types.put(name, type);
        Map<String, String> attrs = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            attrs.put(keyValues[i], keyValues[i + 1]);
        }
        attributes.put(name, attrs);
        return this;
    }

    FakeFacts scope(String scope, String owner) {
        scopes.put(scope, owner);
        return this;
    }

    FakeFacts rse(String name, String type) {
        rses.add(new RseCandidate(UUID.randomUUID(), name, Map.of("rse", name, "rse_type", type, name, true)));
        return this;
    }

    @Override
    public CatalogueView view() {
        return this;
    }

    @Override
    public boolean isAdmin(String account) {
        return account.equals("root") || "true".equals(accountAttributes(account).get("admin"));
    }

    @Override
    public Optional<String> scopeOwner(String scope) {
        return Optional.ofNullable(scopes.get(scope));
    }

    @Override
    public Map<String, String> accountAttributes(String account) {
        return attributes.getOrDefault(account, Map.of());
    }

    @Override
    public Map<String, String> rseAttributes(String rse) {
        return Map.of();
    }

    @Override
    public Optional<String> accountType(String account) {
        return Optional.ofNullable(types.get(account));
    }

    @Override
    public Map<String, String> didMetadata(String scope, String name) {
        return dids.getOrDefault(scope + ":" + name, Map.of());
    }

    @Override
    public List<RseCandidate> rses(String vo) {
        return rses;
    }
}
