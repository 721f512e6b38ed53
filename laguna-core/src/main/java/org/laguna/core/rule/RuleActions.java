package org.laguna.core.rule;

/**
 * What an account may do to one rule, as the permission policy decides for the same arguments the
 * changes themselves are checked with: set its lifetime or priority, boost it (retry its stuck
 * transfers now), delete, reduce or move it, approve or deny it.
 */
public record RuleActions(boolean lifetime, boolean priority, boolean boost, boolean delete, boolean reduce, boolean move,
                          boolean approve) {
    public boolean any() {
        return lifetime || priority || boost || delete || reduce || move || approve;
    }
}
