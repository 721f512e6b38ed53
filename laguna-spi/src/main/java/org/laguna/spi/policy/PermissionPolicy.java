package org.laguna.spi.policy;

/**
 * Decides whether an account may perform an action. Implementations are found by
 * {@link java.util.ServiceLoader}; the server uses the one named in its configuration
 * ({@code policy.name}, default {@code generic}).
 */
public interface PermissionPolicy {
    /** The name by which configuration selects this policy. */
    String name();

    /**
     * @param request who asks for which action with which arguments
     * @param catalogue read-only facts about the catalogue the decision may need
     * @return true if the action is allowed
     */
    boolean isAllowed(PermissionRequest request, CatalogueView catalogue);
}
