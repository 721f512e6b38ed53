package org.laguna.core.rule;

import org.laguna.core.common.EnumNames;

/** States of a replication rule, with Rucio's one-letter codes. */
public enum RuleState {
    REPLICATING("R"), OK("O"), STUCK("S"), SUSPENDED("U"), WAITING_APPROVAL("W"), INJECT("I");

    private final String code;

    RuleState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static RuleState parse(String value) {
        return EnumNames.parse("rule state", value, values(), RuleState::code);
    }

    /** The state a rule has from its lock counters once all its locks exist. */
    public static RuleState fromCounters(long replicating, long stuck) {
        if (stuck > 0) {
            return STUCK;
        }
        return replicating > 0 ? REPLICATING : OK;
    }
}
