package org.laguna.core.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Parsing of Rucio's enumerations: long names in any case, one-letter codes in upper case only. */
public final class EnumNames {
    private EnumNames() {
    }

    public static <E extends Enum<E>> E parse(String field, String value, E[] constants, Function<E, String> code) {
        if (value != null) {
            String upper = value.toUpperCase(Locale.ROOT);
            for (E constant : constants) {
                if (constant.name().equals(upper) || (code != null && code.apply(constant).equals(value))) {
                    return constant;
                }
            }
        }
        String names = Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
        String codes = code == null ? ""
                : " or " + Arrays.stream(constants).map(code).collect(Collectors.joining(", "));
        String shown = value == null ? "it is missing" : "'" + Names.printable(value) + "' is not one";
        throw new LagunaException(ErrorCode.INVALID_OBJECT,
                "Invalid " + field + ": " + shown + " of " + names + codes);
    }
}
