package org.laguna.core.rule;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Rucio's rule update: an optional approval or denial of a rule waiting for approval, then the
 * changes, applied in their order in one transaction.
 */
public record RuleUpdate(Optional<Boolean> approve, List<RuleChange> changes) {
    public RuleUpdate {
        Objects.requireNonNull(approve, "approve is null");
        changes = List.copyOf(Objects.requireNonNull(changes, "changes is null"));
    }

    public static RuleUpdate of(RuleChange... changes) {
        return new RuleUpdate(Optional.empty(), List.of(changes));
    }

    public static RuleUpdate approval(boolean approve) {
        return new RuleUpdate(Optional.of(approve), List.of());
    }
}
