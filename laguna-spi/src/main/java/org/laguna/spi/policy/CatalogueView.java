package org.laguna.spi.policy;

import java.util.Map;
import java.util.Optional;

/** What a permission policy may look up in the catalogue. Answers come from the current state. */
public interface CatalogueView {
    /** True if the account is root or carries the {@code admin} attribute. */
    boolean isAdmin(String account);

    /** The account that owns the scope, if the scope exists. */
    Optional<String> scopeOwner(String scope);

    /** The account's attributes as strings. */
    Map<String, String> accountAttributes(String account);

    /** The RSE's attributes as strings, empty if the RSE does not exist. */
    Map<String, String> rseAttributes(String rse);
}
