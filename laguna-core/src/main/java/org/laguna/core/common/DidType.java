package org.laguna.core.common;

/** The kinds of data identifiers, with Rucio's one-letter codes. */
public enum DidType {
    FILE("F"), DATASET("D"), CONTAINER("C");

    private final String code;

    DidType(String code) {
        this.code = code;
    }

    /** Rucio's one-letter code, as stored. */
    public String code() {
        return code;
    }

    public boolean isCollection() {
        return this != FILE;
    }

    /**
     * The type from its name in any case ({@code FILE}, {@code dataset}) or its one-letter code
     * ({@code F}, {@code D}, {@code C}).
     *
     * @throws org.laguna.spi.error.LagunaException INVALID_OBJECT for anything else
     */
    public static DidType parse(String value) {
        return EnumNames.parse("DID type", value, values(), DidType::code);
    }
}
