package org.laguna.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** Parses {@code SCOPE:NAME} arguments. */
final class Dids {
    private Dids() {
    }

    record Did(String scope, String name) {
        Map<String, String> asMap() {
            return Map.of("scope", scope, "name", name);
        }
    }

    static Did parse(CommandSpec spec, String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new ParameterException(spec.commandLine(), "'" + text + "' is not a DID: write SCOPE:NAME");
        }
        return new Did(text.substring(0, colon), text.substring(colon + 1));
    }

    /** A typed value as Rucio's CLI reads it: integers, decimals, true/false, else text. */
    static Object typed(String value) {
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.valueOf(value.toLowerCase(Locale.ROOT));
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notLong) {
            try {
                if (value.matches("-?\\d+\\.\\d+")) {
                    return Double.parseDouble(value);
                }
            } catch (NumberFormatException notDouble) {
                // text
            }
        }
        return value;
    }
}
