package org.laguna.core.rse.expression;

/**
 * A bare name: the RSEs whose attribute of that name is boolean true. Every RSE carries its own
 * name as such an attribute, so an RSE name selects that RSE; any other true-valued attribute
 * (a tag) selects every RSE that has it, and so does a boolean column such as {@code deterministic}.
 */
public record RseTag(String name) implements Primitive {
    public RseTag {
        ExpressionSyntax.requireMatch(ExpressionSyntax.NAME, name, "RSE name");
    }

    @Override
    public boolean matches(RseCandidate candidate) {
        Object value = candidate.attributes().get(name);
        return value != null && "true".equals(RucioValues.storedForm(value));
    }

    @Override
    public String toString() {
        return name;
    }
}
