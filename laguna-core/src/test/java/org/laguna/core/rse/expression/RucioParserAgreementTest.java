package org.laguna.core.rse.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Agreement with Rucio 41.0.0 on 600 generated expressions, a third of them with random typos.
 * The expected outcomes were computed by Rucio's own parser module over an in-memory catalogue
 * holding the five RSEs below: the selected names, SYNTAX (InvalidRSEExpression for the syntax),
 * EMPTY (the empty-set error) or OBJECT (InvalidObject from a typed RSE column).
 */
class RucioParserAgreementTest {
    private static final List<RseCandidate> CATALOGUE = List.of(
            rse(1, Map.of("rse_type", "DISK", "deterministic", true, "city", "Geneva",
                    "x", "at", "n", 10, "tag1", true, "f", "1.5")),
            rse(2, Map.of("rse_type", "DISK", "deterministic", true,
                    "x", "de", "n", 20, "tag1", true, "f", " 7 ")),
            rse(3, Map.of("rse_type", "TAPE", "deterministic", false, "city", "Hamburg",
                    "x", "fr", "n", 30, "tag1", true, "f", "abc", "istape", "True")),
            rse(4, Map.of("rse_type", "DISK", "deterministic", true,
                    "x", "uk", "n", 40, "tag2", true, "f", "inf")),
            rse(5, Map.of("rse_type", "TAPE", "deterministic", false,
                    "x", "us", "n", 50, "tag2", true, "f", "1_000", "g", false)));

    private static RseCandidate rse(int number, Map<String, Object> attributes) {
        String name = "MOCK" + number;
        Map<String, Object> all = new HashMap<>(attributes);
        all.put("rse", name);
        all.put(name, true);
        return new RseCandidate(new UUID(0, number), name, all);
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                RucioParserAgreementTest.class.getResourceAsStream("rucio-41-expressions.tsv"), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int tab = line.lastIndexOf('\t');
                cases.add(Arguments.of(line.substring(0, tab), line.substring(tab + 1)));
            }
        }
        return cases.stream();
    }

    @Test
    void theFixtureCoversEveryOutcome() throws IOException {
        List<String> outcomes = cases().map(a -> (String) a.get()[1]).toList();
        assertThat(outcomes).hasSize(600).contains("SYNTAX", "EMPTY", "OBJECT", "MOCK1,MOCK2,MOCK3,MOCK4,MOCK5");
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void agreesWithRucio(String expression, String outcome) {
        switch (outcome) {
            case "SYNTAX" -> assertThatThrownBy(() -> RseExpression.parse(expression))
                    .isInstanceOf(LagunaException.class)
                    .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION));
            case "OBJECT" -> assertThatThrownBy(() -> RseExpression.parse(expression))
                    .isInstanceOf(LagunaException.class)
                    .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
            case "EMPTY" -> {
                RseExpression parsed = RseExpression.parse(expression);
                assertThat(parsed.resolveOrEmpty(CATALOGUE)).isEmpty();
                assertThatThrownBy(() -> parsed.resolve(CATALOGUE)).hasMessage(RseExpression.EMPTY_SET_MESSAGE);
            }
            default -> assertThat(RseExpression.parse(expression).resolve(CATALOGUE))
                    .extracting(RseCandidate::name)
                    .containsExactly(outcome.split(","));
        }
    }
}
