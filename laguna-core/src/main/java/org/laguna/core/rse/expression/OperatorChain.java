package org.laguna.core.rse.expression;

import java.util.List;
import java.util.Objects;

/**
 * Operands joined by operators, applied strictly from left to right: {@code A|B&C\D} is
 * {@code first = A} followed by the steps {@code |B}, {@code &C} and {@code \D}, and means
 * {@code ((A|B)&C)\D}. Keeping a chain flat (rather than as a tree as deep as it is long) lets the
 * longest expressions evaluate, compare and print without deep recursion.
 */
public record OperatorChain(ExpressionNode first, List<Step> steps) implements ExpressionNode {
    /** One operator and its right operand. */
    public record Step(SetOperator operator, ExpressionNode operand) {
        public Step {
            Objects.requireNonNull(operator, "operator is null");
            Objects.requireNonNull(operand, "operand is null");
        }
    }

    public OperatorChain {
        Objects.requireNonNull(first, "first is null");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a chain needs at least one operator");
        }
    }

    /** A chain of one operator. */
    public static OperatorChain of(ExpressionNode left, SetOperator operator, ExpressionNode right) {
        return new OperatorChain(left, List.of(new Step(operator, right)));
    }

    @Override
    public boolean matches(RseCandidate candidate) {
        boolean selected = first.matches(candidate);
        for (Step step : steps) {
            selected = switch (step.operator()) {
                case UNION -> selected || step.operand().matches(candidate);
                case INTERSECTION -> selected && step.operand().matches(candidate);
                case COMPLEMENT -> selected && !step.operand().matches(candidate);
            };
        }
        return selected;
    }

    /** The chain with one pair of parentheses per operator, showing how it groups: {@code ((A|B)&C)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("(".repeat(steps.size())).append(first);
        for (Step step : steps) {
            out.append(step.operator().symbol()).append(step.operand()).append(')');
        }
        return out.toString();
    }
}
