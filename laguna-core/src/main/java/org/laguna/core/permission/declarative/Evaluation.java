package org.laguna.core.permission.declarative;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rse.expression.RseExpression;
import org.laguna.spi.policy.PermissionRequest;

/** One permission question being evaluated, with the facts it has looked up so far. */
final class Evaluation {
    final PermissionRequest request;
    final TokenGrants grants;
    final PolicyFacts facts;
    private Map<String, String> attributes;
    private Boolean admin;
    private Set<String> groups;
    private final Map<String, Optional<String>> owners = new HashMap<>();
    private final Map<String, Optional<String>> types = new HashMap<>();
    private Map<String, String> didMeta;
    private List<RseCandidate> requestedRses;

    Evaluation(PermissionRequest request, TokenGrants grants, PolicyFacts facts) {
        this.request = request;
        this.grants = grants;
        this.facts = facts;
    }

    String issuer() {
        return request.issuer();
    }

    Optional<String> argument(String key) {
        return request.argument(key);
    }

    boolean admin() {
        if (admin == null) {
            admin = facts.isAdmin(request.issuer());
        }
        return admin;
    }

    Map<String, String> attributes() {
        if (attributes == null) {
            attributes = facts.accountAttributes(request.issuer());
        }
        return attributes;
    }

    Optional<String> accountType(String account) {
        return types.computeIfAbsent(account, facts::accountType);
    }

    Optional<String> scopeOwner() {
        return argument("scope").flatMap(scope -> owners.computeIfAbsent(scope, facts::scopeOwner));
    }

    /**
     * The Laguna groups of the account (the GROUP accounts it is a member of, its {@code group}
     * attribute) and the token's {@code wlcg.groups}, without a leading slash.
     */
    Set<String> groups() {
        if (groups == null) {
            Set<String> all = new LinkedHashSet<>(facts.accountGroups(request.issuer()));
            for (String group : grants.groups()) {
                all.add(group.startsWith("/") ? group.substring(1) : group);
            }
            groups = all;
        }
        return groups;
    }

    Map<String, String> didMetadata() {
        if (didMeta == null) {
            Optional<String> scope = argument("scope");
            Optional<String> name = argument("name");
            didMeta = scope.isPresent() && name.isPresent() ? facts.didMetadata(scope.get(), name.get()) : Map.of();
        }
        return didMeta;
    }

    /**
     * The RSEs the request touches: those named by its {@code rse}, {@code source} and
     * {@code destination} arguments and those its {@code rse_expression} and
     * {@code source_replica_expression} arguments select.
     */
    List<RseCandidate> requestedRses() {
        if (requestedRses == null) {
            List<RseCandidate> out = new ArrayList<>();
            List<RseCandidate> all = null;
            for (String key : List.of("rse", "source", "destination")) {
                Optional<String> name = argument(key);
                if (name.isPresent()) {
                    all = all == null ? facts.rses(request.vo()) : all;
                    all.stream().filter(c -> c.name().equals(name.get())).forEach(out::add);
                }
            }
            for (String key : List.of("rse_expression", "source_replica_expression")) {
                Optional<String> expression = argument(key);
                if (expression.isPresent() && !expression.get().isBlank()) {
                    all = all == null ? facts.rses(request.vo()) : all;
                    try {
                        out.addAll(RseExpression.parse(expression.get()).resolveOrEmpty(all));
                    } catch (RuntimeException invalid) {
                        // the service reports the invalid expression itself
                    }
                }
            }
            requestedRses = out;
        }
        return requestedRses;
    }

    /** Replaces {@code {account}}, {@code {vo}}, {@code {scope}}, {@code {name}} and {@code {group}}; null when a needed value is missing. */
    String expand(String template, String group) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            int close = c == '{' ? template.indexOf('}', i) : -1;
            if (close < 0) {
                out.append(c);
                i++;
                continue;
            }
            String variable = template.substring(i + 1, close);
            String value = switch (variable) {
                case "account" -> request.issuer();
                case "vo" -> request.vo();
                case "group" -> group;
                case "scope", "name" -> argument(variable).orElse(null);
                default -> null;
            };
            if (value == null) {
                return null;
            }
            out.append(value);
            i = close + 1;
        }
        return out.toString();
    }
}
