package org.laguna.core.rse;

import java.util.List;
import java.util.Objects;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rse.expression.RseExpression;

/** Resolves RSE expressions against the catalogue's current RSEs, inside the caller's transaction. */
public final class RseResolver {
    private final RseRepository rses;

    public RseResolver(RseRepository rses) {
        this.rses = Objects.requireNonNull(rses, "rses is null");
    }

    /** The matching RSEs by name; an expression matching none is InvalidRSEExpression. */
    public List<RseCandidate> resolve(Tx tx, String vo, String expression) {
        return RseExpression.parse(expression).resolve(rses.candidates(tx, vo));
    }

    /** The matching RSEs by name, possibly none. */
    public List<RseCandidate> resolveOrEmpty(Tx tx, String vo, String expression) {
        return RseExpression.parse(expression).resolveOrEmpty(rses.candidates(tx, vo));
    }
}
