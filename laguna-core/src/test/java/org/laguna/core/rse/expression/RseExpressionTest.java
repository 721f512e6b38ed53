package org.laguna.core.rse.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** What expressions select; the set-up mirrors the one of Rucio's own parser tests. */
class RseExpressionTest {
    private static final List<RseCandidate> RSES = List.of(
            rse("RSE1", Map.of("country", "at", "size", 10, "tag1", true)),
            rse("RSE2", Map.of("country", "de", "size", 20, "tag1", true)),
            rse("RSE3", Map.of("country", "fr", "size", 30, "tag1", true)),
            rse("RSE4", Map.of("country", "uk", "size", 40, "tag2", true)),
            rse("RSE5", Map.of("country", "us", "size", 50, "tag2", true)));

    static RseCandidate rse(String name, Map<String, Object> attributes) {
        Map<String, Object> all = new HashMap<>(attributes);
        all.put(name, Boolean.TRUE);
        return new RseCandidate(UUID.nameUUIDFromBytes(name.getBytes()), name, all);
    }

    private static List<String> names(String expression) {
        return names(expression, RSES);
    }

    private static List<String> names(String expression, List<RseCandidate> candidates) {
        return RseExpression.parse(expression).resolveOrEmpty(candidates).stream().map(RseCandidate::name).toList();
    }

    @Test
    void anRseNameSelectsThatRse() {
        assertThat(names("RSE1")).containsExactly("RSE1");
    }

    @Test
    void anAttributeTestSelectsTheRsesWithThatValue() {
        assertThat(names("country=uk")).containsExactly("RSE4");
    }

    @Test
    void starSelectsEveryRse() {
        assertThat(names("*")).containsExactly("RSE1", "RSE2", "RSE3", "RSE4", "RSE5");
    }

    @Test
    void aTagSelectsEveryRseCarryingIt() {
        assertThat(names("tag1")).containsExactly("RSE1", "RSE2", "RSE3");
        assertThat(names("(tag1)")).containsExactly("RSE1", "RSE2", "RSE3");
    }

    @Test
    void unionKeepsRsesOfEitherSide() {
        assertThat(names("tag1|tag2")).containsExactly("RSE1", "RSE2", "RSE3", "RSE4", "RSE5");
    }

    @Test
    void intersectionKeepsOnlyRsesInBoth() {
        assertThat(names("tag2&country=uk")).containsExactly("RSE4");
    }

    @Test
    void complementRemovesTheRightSideFromTheLeft() {
        assertThat(names("tag1\\RSE3")).containsExactly("RSE1", "RSE2");
    }

    @Test
    void operatorsApplyFromLeftToRightWithoutPrecedence() {
        assertThat(names("tag1\\RSE3|country=fr")).containsExactly("RSE1", "RSE2", "RSE3");
        assertThat(names("tag1\\(RSE3|country=fr)")).containsExactly("RSE1", "RSE2");
        // with the usual precedence of '&' over '|' this would be RSE1 and RSE4
        assertThat(names("RSE1|RSE4&tag2")).containsExactly("RSE4");
        assertThat(names("RSE1|(RSE4&tag2)")).containsExactly("RSE1", "RSE4");
    }

    @Test
    void complicatedExpressionsGiveRuciosResults() {
        assertThat(names("(tag1|tag2)\\tag2|tag2&tag1")).containsExactly("RSE1", "RSE2", "RSE3");
        assertThat(names("(((((tag1))))|country=us)&tag2|(country=at|country=de)")).containsExactly("RSE1", "RSE2", "RSE5");
        assertThat(names("(*)&country=at")).containsExactly("RSE1");
    }

    @Test
    void numericComparisonsSelectByValue() {
        assertThat(names("size<11")).containsExactly("RSE1");
        assertThat(names("size<9")).isEmpty();
        assertThat(names("size<21")).containsExactly("RSE1", "RSE2");
        assertThat(names("size>49")).containsExactly("RSE5");
        assertThat(names("size>51")).isEmpty();
        assertThat(names("size>30")).containsExactly("RSE4", "RSE5");
    }

    @Test
    void anEmptyResultIsAnErrorWithRuciosMessage() {
        assertThatThrownBy(() -> RseExpression.parse("RSE999").resolve(RSES))
                .isInstanceOf(LagunaException.class)
                .hasMessage("RSE Expression resulted in an empty set.")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION));
    }

    @Test
    void resolveOrEmptyReturnsNothingInsteadOfThrowing() {
        assertThat(RseExpression.parse("RSE999").resolveOrEmpty(RSES)).isEmpty();
        assertThat(RseExpression.parse("*").resolveOrEmpty(List.of())).isEmpty();
    }

    @Test
    void resolveReturnsTheCandidatesThemselves() {
        assertThat(RseExpression.parse("RSE2|RSE4").resolve(RSES)).containsExactly(RSES.get(1), RSES.get(3));
    }

    @Test
    void resultsAreOrderedByNameWhateverTheInputOrder() {
        List<RseCandidate> shuffled = new ArrayList<>(RSES);
        Collections.shuffle(shuffled, new Random(3));
        assertThat(names("*", shuffled)).containsExactly("RSE1", "RSE2", "RSE3", "RSE4", "RSE5");
        assertThat(names("RSE5|RSE1|RSE3", shuffled)).containsExactly("RSE1", "RSE3", "RSE5");
    }

    @Test
    void aCandidateGivenTwiceIsReturnedOnce() {
        assertThat(names("RSE1", List.of(RSES.get(0), RSES.get(0)))).containsExactly("RSE1");
    }

    @Test
    void oneParsedExpressionServesManyCandidateSets() {
        RseExpression expression = RseExpression.parse("tag1&size>15");
        assertThat(expression.resolveOrEmpty(RSES)).extracting(RseCandidate::name).containsExactly("RSE2", "RSE3");
        assertThat(expression.resolveOrEmpty(RSES.subList(0, 2))).extracting(RseCandidate::name).containsExactly("RSE2");
        assertThat(expression.resolveOrEmpty(RSES.subList(3, 5))).isEmpty();
    }

    @Test
    void matchesDecidesForOneRseLikeResolveDoesForAll() {
        for (String text : List.of("tag1\\RSE3|country=fr", "*\\tag2", "size>15&size<45", "(tag1|tag2)\\tag2|tag2&tag1")) {
            RseExpression expression = RseExpression.parse(text);
            List<RseCandidate> one = RSES.stream().filter(expression::matches).toList();
            assertThat(one).as(text).isEqualTo(expression.resolveOrEmpty(RSES));
        }
    }

    @Test
    void anRseNameInLowerCaseIsValidButNamesNoRse() {
        assertThat(names("rse1")).isEmpty();
    }

    @Test
    void attributeKeysAreCaseSensitive() {
        assertThat(names("Country=at")).isEmpty();
        assertThat(names("country=AT")).isEmpty();
    }

    @Test
    void candidatesMayComeFromDifferentVosWithTheSameName() {
        RseCandidate first = new RseCandidate(new UUID(0, 1), "SAME", Map.of("SAME", true));
        RseCandidate second = new RseCandidate(new UUID(0, 2), "SAME", Map.of("SAME", true));
        assertThat(RseExpression.parse("SAME").resolve(List.of(second, first))).containsExactly(first, second);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "RSE1|RSE2&RSE2|RSE3;RSE2,RSE3",
            "RSE1&RSE2|RSE3;RSE3",
            "*\\RSE1\\RSE2;RSE3,RSE4,RSE5",
            "*\\(RSE1\\RSE2);RSE2,RSE3,RSE4,RSE5",
            "tag1&tag2;",
            "tag1|tag2\\tag1;RSE4,RSE5",
            "tag1|(tag2\\tag1);RSE1,RSE2,RSE3,RSE4,RSE5"})
    void chainsGroupFromTheLeft(String expression, String expected) {
        List<String> wanted = expected == null ? List.of() : List.of(expected.split(","));
        assertThat(names(expression)).isEqualTo(wanted);
    }
}
