package org.laguna.core.common;

/** States of a replica, with Rucio's one-letter codes. */
public enum ReplicaState {
    AVAILABLE("A"), UNAVAILABLE("U"), COPYING("C"), BEING_DELETED("B"), BAD("D"), TEMPORARY_UNAVAILABLE("T");

    private final String code;

    ReplicaState(String code) {
        this.code = code;
    }

    /** Rucio's one-letter code, as stored. */
    public String code() {
        return code;
    }

    /**
     * The state from its name in any case ({@code AVAILABLE}, {@code being_deleted}) or its
     * one-letter code ({@code A}, {@code U}, {@code C}, {@code B}, {@code D}, {@code T}).
     *
     * @throws org.laguna.spi.error.LagunaException INVALID_OBJECT for anything else
     */
    public static ReplicaState parse(String value) {
        return EnumNames.parse("replica state", value, values(), ReplicaState::code);
    }
}
