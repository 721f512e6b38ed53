package org.laguna.core.rse.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RseExpressionTest {
    private static final List<RseCandidate> RSES = List.of(
            rse("CNAF_DISK", Map.of("country", "IT", "tier", 1, "type", "DISK", "freespace", "120")),
            rse("CNAF_TAPE", Map.of("country", "IT", "tier", 1, "type", "TAPE")),
            rse("CERN_DISK", Map.of("country", "CH", "tier", 0, "type", "DISK", "freespace", "900")),
            rse("DESY_DISK", Map.of("country", "DE", "tier", "2", "type", "DISK", "freespace", "lots")));

    private static RseCandidate rse(String name, Map<String, Object> attributes) {
        Map<String, Object> all = new HashMap<>(attributes);
        all.put(name, Boolean.TRUE);
        return new RseCandidate(UUID.nameUUIDFromBytes(name.getBytes()), name, all);
    }

    private static List<String> names(String expression) {
        return RseExpression.parse(expression).resolveOrEmpty(RSES).stream().map(RseCandidate::name).toList();
    }

    @Test
    void aNameMatchesThatRse() {
        assertThat(names("CNAF_DISK")).containsExactly("CNAF_DISK");
    }

    @Test
    void starMatchesEveryRse() {
        assertThat(names("*")).hasSize(4);
    }

    @Test
    void keyValueMatchesStringsAndNumbers() {
        assertThat(names("country=IT")).containsExactly("CNAF_DISK", "CNAF_TAPE");
        assertThat(names("tier=1")).containsExactly("CNAF_DISK", "CNAF_TAPE");
        assertThat(names("tier=2")).containsExactly("DESY_DISK");
    }

    @Test
    void unionIntersectionAndComplement() {
        assertThat(names("CNAF_DISK|CERN_DISK")).containsExactly("CERN_DISK", "CNAF_DISK");
        assertThat(names("country=IT&type=DISK")).containsExactly("CNAF_DISK");
        assertThat(names("type=DISK\\country=IT")).containsExactly("CERN_DISK", "DESY_DISK");
    }

    @Test
    void numericComparisonsSkipNonNumericValues() {
        assertThat(names("freespace>100")).containsExactly("CERN_DISK", "CNAF_DISK");
        assertThat(names("freespace<500")).containsExactly("CNAF_DISK");
        assertThat(names("tier<1")).containsExactly("CERN_DISK");
    }

    @Test
    void operatorsApplyLeftToRightAndParenthesesGroup() {
        assertThat(names("CNAF_DISK|CNAF_TAPE&type=TAPE")).containsExactly("CNAF_TAPE");
        assertThat(names("CNAF_DISK|(CNAF_TAPE&type=DISK)")).containsExactly("CNAF_DISK");
        assertThat(names("(country=IT|country=CH)\\type=TAPE")).containsExactly("CERN_DISK", "CNAF_DISK");
    }

    @Test
    void emptyResultIsAnErrorWhenResolvingStrictly() {
        assertThatThrownBy(() -> RseExpression.parse("country=FR").resolve(RSES))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("empty set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "(CNAF_DISK", "CNAF_DISK)", "CNAF_DISK|", "|CNAF_DISK", "CNAF DISK", "a=b=c", "tier>x", "CNAF_DISK||X", "()", "A;B"})
    void malformedExpressionsAreInvalidRseExpression(String expression) {
        assertThatThrownBy(() -> RseExpression.parse(expression))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION));
    }
}
