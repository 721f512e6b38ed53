package org.laguna.core.rule;

/** A setting the new rule of a move takes instead of the old rule's; absent ones are copied. */
public sealed interface MoveOverride {
    /** null means the default activity. */
    record Activity(String activity) implements MoveOverride {
    }

    record Comment(String comment) implements MoveOverride {
    }

    record Priority(int priority) implements MoveOverride {
    }

    record SourceReplicaExpression(String expression) implements MoveOverride {
    }

    record GroupingOf(Grouping grouping) implements MoveOverride {
    }

    record Weight(String weight) implements MoveOverride {
    }
}
