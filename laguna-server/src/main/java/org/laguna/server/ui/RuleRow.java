package org.laguna.server.ui;

import java.util.UUID;
import org.laguna.core.common.Ids;
import org.laguna.core.rule.Rule;

/** A rule as the lists and the progress bar show it. */
public record RuleRow(UUID id, String account, String scope, String name, String rseExpression, int copies, String state,
                      long locksOk, long locksReplicating, long locksStuck, String error, String expires) {
    public RuleRow {
        error = error == null ? "" : error;
    }

    static RuleRow of(Rule rule) {
        return new RuleRow(rule.id(), rule.account(), rule.scope(), rule.name(), rule.rseExpression(), rule.copies(), rule.state().name(),
                rule.locksOk(), rule.locksReplicating(), rule.locksStuck(), rule.error(), Format.date(rule.expiresAt()));
    }

    public long locks() {
        return locksOk + locksReplicating + locksStuck;
    }

    /** Share of the locks that are OK, in whole percent. */
    public int percent() {
        return Format.percent(locksOk, locks());
    }

    public String did() {
        return scope + ":" + name;
    }

    /** The id as Rucio writes it: 32 hex digits. */
    public String hexId() {
        return Ids.hex(id);
    }

    public String url() {
        return Format.ruleUrl(id);
    }

    public String didUrl() {
        return Format.didUrl(scope, name);
    }
}
