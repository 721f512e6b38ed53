package org.laguna.core.rule;

import org.laguna.core.common.EnumNames;

/**
 * How a rule places files: ALL keeps every file of the DID on the same RSEs, DATASET keeps each
 * dataset together, NONE chooses per file.
 */
public enum Grouping {
    ALL("A"), DATASET("D"), NONE("N");

    private final String code;

    Grouping(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Grouping parse(String value) {
        return EnumNames.parse("grouping", value, values(), Grouping::code);
    }
}
