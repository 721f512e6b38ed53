package org.laguna.core.rule;

/** States of a lock, with Rucio's one-letter codes. */
public enum LockState {
    OK("O"), REPLICATING("R"), STUCK("S");

    private final String code;

    LockState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
