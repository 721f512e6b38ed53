package org.laguna.core.rse.expression;

/** A leaf of an RSE expression: {@code *}, an RSE name or tag, {@code key=value}, {@code key<n}, {@code key>n}. */
public sealed interface Primitive extends ExpressionNode permits AnyRse, RseTag, AttributeEquals, AttributeComparison {
}
