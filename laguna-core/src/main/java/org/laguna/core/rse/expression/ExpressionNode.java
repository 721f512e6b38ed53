package org.laguna.core.rse.expression;

/**
 * A parsed RSE expression. Every node decides for one RSE at a time whether it belongs to the set
 * the node describes; the set operators of the language are point-wise, so deciding RSE by RSE
 * gives the same sets as Rucio's evaluation. {@link #toString()} gives the expression back with
 * every operation in parentheses, which shows how it groups.
 */
public sealed interface ExpressionNode permits Primitive, OperatorChain {
    boolean matches(RseCandidate candidate);
}
