package org.laguna.core.permission.declarative;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.policy.CatalogueView;

/** What a declarative policy may look up beyond the SPI's {@link CatalogueView}. */
public interface PolicyFacts extends CatalogueView {
    /** The catalogue view that answers the SPI's own questions. */
    CatalogueView view();

    @Override
    default boolean isAdmin(String account) {
        return view().isAdmin(account);
    }

    @Override
    default Optional<String> scopeOwner(String scope) {
        return view().scopeOwner(scope);
    }

    @Override
    default Map<String, String> accountAttributes(String account) {
        return view().accountAttributes(account);
    }

    @Override
    default Map<String, String> rseAttributes(String rse) {
        return view().rseAttributes(rse);
    }

    /**
     * The Laguna groups of the account: the GROUP accounts it is a member of and those its
     * {@code group} attribute lists (comma-separated). Plain catalogue views know only the latter.
     */
    default Set<String> accountGroups(String account) {
        Set<String> groups = new LinkedHashSet<>();
        String listed = accountAttributes(account).get("group");
        if (listed != null) {
            for (String group : listed.split(",")) {
                if (!group.isBlank()) {
                    groups.add(group.trim());
                }
            }
        }
        return groups;
    }

    /** USER, GROUP or SERVICE, if the account exists. */
    Optional<String> accountType(String account);

    /** The metadata of a DID (its free keys and fixed columns as strings), empty if it does not exist. */
    Map<String, String> didMetadata(String scope, String name);

    /** Every live RSE of the VO as an RSE expression sees it. */
    List<RseCandidate> rses(String vo);

    /** Facts from a plain catalogue view: account types, DID metadata and RSE sets are unknown. */
    static PolicyFacts of(CatalogueView view) {
        return new PolicyFacts() {
            @Override
            public CatalogueView view() {
                return view;
            }

            @Override
            public Optional<String> accountType(String account) {
                return Optional.empty();
            }

            @Override
            public Map<String, String> didMetadata(String scope, String name) {
                return Map.of();
            }

            @Override
            public List<RseCandidate> rses(String vo) {
                return List.of();
            }
        };
    }
}
