package org.laguna.core.permission.declarative;

import java.util.List;

/**
 * One statement of a policy file: when the action is one of {@code actions} and every condition
 * holds, the statement decides ({@code allow} true or false). A statement whose conditions use
 * {@code {group}} holds when they all hold for one of the caller's groups.
 */
record Statement(String id, int line, boolean allow, List<String> actions, List<Condition> conditions, boolean usesGroup) {
    interface Condition {
        boolean test(Evaluation evaluation, String group);
    }

    boolean coversAction(String action) {
        if (actions.isEmpty()) {
            return true;
        }
        for (String pattern : actions) {
            if (Glob.matches(pattern, action)) {
                return true;
            }
        }
        return false;
    }

    boolean matches(Evaluation evaluation) {
        if (!coversAction(evaluation.request.action())) {
            return false;
        }
        if (!usesGroup) {
            return all(evaluation, null);
        }
        for (String group : evaluation.groups()) {
            if (all(evaluation, group)) {
                return true;
            }
        }
        return false;
    }

    private boolean all(Evaluation evaluation, String group) {
        for (Condition condition : conditions) {
            if (!condition.test(evaluation, group)) {
                return false;
            }
        }
        return true;
    }
}
