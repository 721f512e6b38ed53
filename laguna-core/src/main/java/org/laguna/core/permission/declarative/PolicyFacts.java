package org.laguna.core.permission.declarative;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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
