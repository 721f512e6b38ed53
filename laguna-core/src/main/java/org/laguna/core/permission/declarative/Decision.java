package org.laguna.core.permission.declarative;

/**
 * The answer of a permission policy: allowed or not, and what decided it ({@code statement} is the
 * id of the policy statement, or a description when a policy without statements decided).
 */
public record Decision(boolean allowed, String statement, String explanation) {
    public static Decision of(boolean allowed, String statement, String explanation) {
        return new Decision(allowed, statement, explanation);
    }
}
