package org.laguna.core.rse.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** How single primitives compare attribute values, Rucio's way. */
class AttributeMatchingTest {
    private static RseCandidate with(String key, Object value) {
        return new RseCandidate(UUID.randomUUID(), "X", Map.of(key, value));
    }

    private static boolean matches(String expression, String key, Object value) {
        return RseExpression.parse(expression).matches(with(key, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tag=true", "tag=True", "tag=TRUE", "tag=tRuE", "tag"})
    void aTrueTagMatchesTrueInAnyCaseAndTheBareName(String expression) {
        assertThat(matches(expression, "tag", Boolean.TRUE)).isTrue();
        assertThat(matches(expression, "tag", "True")).isTrue();
        assertThat(matches(expression, "tag", "TRUE")).isTrue();
    }

    @Test
    void aTrueTagDoesNotMatchOneOrYesBecauseRucioComparesText() {
        assertThat(matches("tag=1", "tag", Boolean.TRUE)).isFalse();
        assertThat(matches("tag=yes", "tag", Boolean.TRUE)).isFalse();
        assertThat(matches("tag", "tag", "yes")).isFalse();
        assertThat(matches("tag", "tag", 1)).isFalse();
    }

    @Test
    void aFalseTagMatchesFalseButNotTheBareName() {
        assertThat(matches("tag=false", "tag", Boolean.FALSE)).isTrue();
        assertThat(matches("tag=False", "tag", "false")).isTrue();
        assertThat(matches("tag", "tag", Boolean.FALSE)).isFalse();
        assertThat(matches("tag=0", "tag", Boolean.FALSE)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deterministic=1", "deterministic=true", "deterministic=True", "deterministic"})
    void booleanColumnsAlsoTakeOneForTrue(String expression) {
        assertThat(matches(expression, "deterministic", true)).isTrue();
        assertThat(matches(expression, "deterministic", false)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"volatile=0", "volatile=false", "volatile=FALSE"})
    void booleanColumnsTakeZeroForFalse(String expression) {
        assertThat(matches(expression, "volatile", false)).isTrue();
        assertThat(matches(expression, "volatile", true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deterministic=yes", "staging_area=2", "availability_write=on", "availability_read=-1"})
    void booleanColumnsRejectOtherWordsAsInvalidObject(String expression) {
        assertThatThrownBy(() -> RseExpression.parse(expression))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("Invalid boolean value: " + expression.substring(expression.indexOf('=') + 1))
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
    }

    @Test
    void rseTypeTakesExactlyDiskOrTape() {
        assertThat(matches("rse_type=DISK", "rse_type", "DISK")).isTrue();
        assertThat(matches("rse_type=TAPE", "rse_type", "DISK")).isFalse();
        assertThatThrownBy(() -> RseExpression.parse("rse_type=disk"))
                .hasMessageContaining("Invalid rse_type: disk")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
        assertThatThrownBy(() -> RseExpression.parse("rse_type=CLOUD")).hasMessageContaining("CLOUD");
    }

    enum StorageKind { DISK }

    @Test
    void enumValuesCompareByName() {
        assertThat(matches("rse_type=DISK", "rse_type", StorageKind.DISK)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "tier=1, 1, true",
            "tier=1, 1.0, false",
            "tier=1, '1', true",
            "tier=01, 1, false",
            "tier=1, true, false"})
    void numbersCompareInTheirPythonTextForm(String expression, String stored, boolean expected) {
        Object value = switch (stored) {
            case "1" -> 1;
            case "1.0" -> 1.0;
            case "true" -> true;
            default -> stored.replace("'", "");
        };
        assertThat(matches(expression, "tier", value)).isEqualTo(expected);
    }

    @Test
    void largeAndWideNumbersUseTheirPythonTextForm() {
        assertThat(matches("n=10000000000", "n", 10_000_000_000L)).isTrue();
        assertThat(matches("n=123456789012345678901234567890", "n", new BigInteger("123456789012345678901234567890"))).isTrue();
        // Python writes 1e16 as 1e+16, which an expression cannot spell ('+' is not allowed)
        assertThat(matches("n=1e16", "n", 1e16)).isFalse();
        assertThat(matches("n=10", "n", (short) 10)).isTrue();
        assertThat(matches("n=10", "n", new BigDecimal("10"))).isFalse();
    }

    @Test
    void coordinatesCompareAsNumbers() {
        assertThat(matches("latitude=46", "latitude", 46.0)).isTrue();
        assertThat(matches("longitude=-6", "longitude", -6)).isTrue();
        assertThat(matches("latitude=46", "latitude", 46.2)).isFalse();
    }

    @Test
    void stringValuesCompareExactly() {
        assertThat(matches("site=CERN-PROD", "site", "CERN-PROD")).isTrue();
        assertThat(matches("site=CERN-PROD", "site", "cern-prod")).isFalse();
        assertThat(matches("site=CERN", "site", "CERN ")).isFalse();
    }

    @Test
    void aMissingAttributeNeverMatches() {
        assertThat(matches("other=1", "tier", 1)).isFalse();
        assertThat(matches("other<5", "tier", 1)).isFalse();
        assertThat(matches("other", "tier", true)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "n<11, 10, true",
            "n<10, 10, false",
            "n>9, 10, true",
            "n>-5, -4, true",
            "n<1_000, 999, true",
            "n>1e3, 1001, true",
            "n<inf, 1e300, true",
            "n>-inf, -1e300, true",
            "n>nan, 1, false",
            "n<nan, 1, false"})
    void comparisonsReadTheBoundLikePythonsFloat(String expression, double stored, boolean expected) {
        assertThat(matches(expression, "n", stored)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "' 12 '; true",
            "'12'; true",
            "'1_2'; true",
            "'12.5'; true",
            "'1e1'; false",
            "'12abc'; false",
            "'lots'; false",
            "''; false",
            "'inf'; true",
            "'Infinity'; true",
            "'nan'; false",
            "'0x20'; false"})
    void comparisonsReadStoredTextLikePythonsFloat(String stored, boolean aboveEleven) {
        assertThat(matches("n>11", "n", stored)).isEqualTo(aboveEleven);
    }

    @Test
    void storedBooleansCompareAsOneAndZero() {
        assertThat(matches("flag<2", "flag", true)).isTrue();
        assertThat(matches("flag>0", "flag", true)).isTrue();
        assertThat(matches("flag>0", "flag", false)).isFalse();
        assertThat(matches("flag<1", "flag", "FALSE")).isTrue();
        // every RSE carries its own name as a true attribute, so this selects the RSE
        RseCandidate rse = new RseCandidate(UUID.randomUUID(), "SITE_A", Map.of("SITE_A", true));
        assertThat(RseExpression.parse("SITE_A<2").matches(rse)).isTrue();
    }

    @Test
    void aBoundThatIsNoNumberSelectsNothingInsteadOfFailing() {
        RseExpression expression = RseExpression.parse("n>abc");
        assertThat(expression.matches(with("n", 5))).isFalse();
        assertThat(expression.matches(with("n", "abc"))).isFalse();
        assertThat(((AttributeComparison) expression.root()).numericBound()).isEmpty();
        assertThat(RseExpression.parse("n>abc|n>1").matches(with("n", 5))).isTrue();
    }

    @Test
    void theStarMatchesAnRseWithoutAttributes() {
        assertThat(RseExpression.parse("*").matches(new RseCandidate(UUID.randomUUID(), "BARE", Map.of()))).isTrue();
    }
}
