package org.laguna.core.rse.expression;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * {@code key=value}: the RSEs whose attribute {@code key} equals {@code value} as Rucio compares
 * them. Free attributes compare in their stored text form, so {@code key=true} (any case) matches a
 * boolean true and {@code key=1} matches the number 1 but not 1.5 or a boolean. The boolean
 * columns of an RSE ({@code deterministic}, {@code volatile}, {@code staging_area},
 * {@code availability_read/write/delete}) also take {@code 1} and {@code 0} and reject other words;
 * {@code rse_type} takes exactly {@code DISK} or {@code TAPE}; {@code longitude} and
 * {@code latitude} compare as numbers. A rejected value is InvalidObject, as in Rucio.
 */
public record AttributeEquals(String key, String value) implements Primitive {
    private static final Set<String> BOOLEAN_COLUMNS = Set.of(
            "deterministic", "volatile", "staging_area", "availability_read", "availability_write", "availability_delete");
    private static final Set<String> NUMERIC_COLUMNS = Set.of("longitude", "latitude");
    private static final Set<String> RSE_TYPES = Set.of("DISK", "TAPE");

    public AttributeEquals {
        ExpressionSyntax.requireMatch(ExpressionSyntax.KEY, key, "attribute key");
        ExpressionSyntax.requireMatch(ExpressionSyntax.VALUE, value, "attribute value");
        if (BOOLEAN_COLUMNS.contains(key)) {
            columnBoolean(value);
        } else if (key.equals("rse_type") && !RSE_TYPES.contains(value)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid rse_type: " + value + " (use DISK or TAPE)");
        }
    }

    @Override
    public boolean matches(RseCandidate candidate) {
        Object stored = candidate.attributes().get(key);
        if (stored == null) {
            return false;
        }
        if (BOOLEAN_COLUMNS.contains(key)) {
            String form = RucioValues.storedForm(stored);
            return form.equals(columnBoolean(value) ? "true" : "false");
        }
        if (NUMERIC_COLUMNS.contains(key)) {
            OptionalDouble actual = RucioValues.asFloat(stored);
            OptionalDouble wanted = RucioValues.parseFloat(value);
            return actual.isPresent() && wanted.isPresent() && actual.getAsDouble() == wanted.getAsDouble();
        }
        return RucioValues.storedForm(stored).equals(boundForm(value));
    }

    @Override
    public String toString() {
        return key + "=" + value;
    }

    private static boolean columnBoolean(String value) {
        if (value.equals("1") || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equals("0") || value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid boolean value: " + value + " (use true, false, 1 or 0)");
    }

    private static String boundForm(String value) {
        return value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false") ? value.toLowerCase(Locale.ROOT) : value;
    }
}
