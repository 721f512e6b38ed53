package org.laguna.core.common;

/** Kinds of accounts. */
public enum AccountType {
    USER, GROUP, SERVICE;

    /**
     * The type named in any case ({@code user}, {@code USER}), as Rucio upper-cases it.
     *
     * @throws org.laguna.spi.error.LagunaException INVALID_OBJECT for anything else
     */
    public static AccountType parse(String value) {
        return EnumNames.parse("account type", value, values(), null);
    }
}
