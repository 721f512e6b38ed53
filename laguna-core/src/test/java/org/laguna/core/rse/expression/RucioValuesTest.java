package org.laguna.core.rse.expression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Python's float() and repr() as Rucio applies them; the expected values were printed by CPython 3.11. */
class RucioValuesTest {
    static Stream<Arguments> floatTexts() throws IOException {
        return lines("python-float-parse.tsv").stream().map(line -> {
            int tab = line.lastIndexOf('\t');
            return Arguments.of(unescape(line.substring(0, tab)), line.substring(tab + 1));
        });
    }

    static Stream<Arguments> doubles() throws IOException {
        return lines("python-float-repr.tsv").stream().map(line -> {
            String[] parts = line.split("\t");
            return Arguments.of(Double.longBitsToDouble(Long.parseUnsignedLong(parts[0], 16)), parts[1]);
        });
    }

    @ParameterizedTest(name = "float({0}) = {1}")
    @MethodSource("floatTexts")
    void parsesTextLikePythonsFloat(String text, String python) {
        OptionalDouble parsed = RucioValues.parseFloat(text);
        if (python.equals("ERROR")) {
            assertThat(parsed).isEmpty();
        } else {
            assertThat(parsed).isPresent();
            assertThat(RucioValues.pythonRepr(parsed.getAsDouble())).isEqualTo(python);
        }
    }

    @ParameterizedTest(name = "repr = {1}")
    @MethodSource("doubles")
    void writesDoublesLikePythonsRepr(double value, String python) {
        assertThat(RucioValues.pythonRepr(value)).isEqualTo(python);
        assertThat(RucioValues.parseFloat(python)).hasValue(value);
    }

    @Test
    void writesWholeNumbersWithoutAFraction() {
        assertThat(RucioValues.pythonStr(42)).isEqualTo("42");
        assertThat(RucioValues.pythonStr(-7L)).isEqualTo("-7");
        assertThat(RucioValues.pythonStr(new BigInteger("123456789012345678901234567890"))).isEqualTo("123456789012345678901234567890");
        assertThat(RucioValues.pythonStr(42.0)).isEqualTo("42.0");
        assertThat(RucioValues.pythonStr(0.5f)).isEqualTo("0.5");
    }

    @Test
    void storesBooleansAndTheirSpellingsInLowerCase() {
        assertThat(RucioValues.storedForm(true)).isEqualTo("true");
        assertThat(RucioValues.storedForm(false)).isEqualTo("false");
        assertThat(RucioValues.storedForm("True")).isEqualTo("true");
        assertThat(RucioValues.storedForm("FALSE")).isEqualTo("false");
        assertThat(RucioValues.storedForm("Yes")).isEqualTo("Yes");
        assertThat(RucioValues.storedForm(1.5)).isEqualTo("1.5");
    }

    @Test
    void readsStoredBooleansAsOneAndZero() {
        assertThat(RucioValues.asFloat(true)).hasValue(1);
        assertThat(RucioValues.asFloat("False")).hasValue(0);
        assertThat(RucioValues.asFloat(" 2.5 ")).hasValue(2.5);
        assertThat(RucioValues.asFloat("two")).isEmpty();
    }

    private static List<String> lines(String resource) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                RucioValuesTest.class.getResourceAsStream(resource), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        return lines;
    }

    /** Undoes Python's unicode_escape: \t, \n, \xNN, \\uNNNN and \\\\. */
    private static String unescape(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char kind = text.charAt(++i);
            switch (kind) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                case 'x' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                case 'u' -> {
                    out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + kind + " in " + text);
            }
        }
        return out.toString();
    }
}
