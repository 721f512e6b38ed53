package org.laguna.core.rse.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class RseExpressionSyntaxTest {
    private static LagunaException failure(String expression) {
        try {
            RseExpression.parse(expression);
        } catch (LagunaException e) {
            return e;
        }
        throw new AssertionError("'" + expression + "' was accepted");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "A;A",
            "*;*",
            "A|B;(A|B)",
            "A|B&C;((A|B)&C)",
            "A&B|C;((A&B)|C)",
            "A\\B\\C;((A\\B)\\C)",
            "A|(B&C);(A|(B&C))",
            "(A|B)&(C|D);((A|B)&(C|D))",
            "((((A))));A",
            "(*)&x=at;(*&x=at)",
            "key=value;key=value",
            "a.b=c;a.b=c",
            "size<10;size<10",
            "size>-5;size>-5",
            "n>1_000;n>1_000",
            "CERN-PROD_DATADISK;CERN-PROD_DATADISK",
            "lower-case_name;lower-case_name",
            "-=1;-=1",
            "1<2;1<2",
            "_.=x;_.=x",
            "x=-;x=-",
            "A|B|C|D;(((A|B)|C)|D)"})
    void parsesIntoALeftGroupedTree(String expression, String tree) {
        assertThat(RseExpression.parse(expression).root()).hasToString(tree);
    }

    @Test
    void primitivesBecomeTheirRecords() {
        assertThat(RseExpression.parse("*").root()).isEqualTo(new AnyRse());
        assertThat(RseExpression.parse("CERN").root()).isEqualTo(new RseTag("CERN"));
        assertThat(RseExpression.parse("a.b=c").root()).isEqualTo(new AttributeEquals("a.b", "c"));
        assertThat(RseExpression.parse("n<5").root()).isEqualTo(new AttributeComparison("n", ComparisonOperator.LESS, "5"));
        assertThat(RseExpression.parse("n>5").root()).isEqualTo(new AttributeComparison("n", ComparisonOperator.GREATER, "5"));
        assertThat(RseExpression.parse("A\\B").root())
                .isEqualTo(OperatorChain.of(new RseTag("A"), SetOperator.COMPLEMENT, new RseTag("B")));
    }

    @Test
    void aChainKeepsItsOperatorsInOrder() {
        assertThat(RseExpression.parse("A|B&(C\\D)").root()).isEqualTo(new OperatorChain(new RseTag("A"), List.of(
                new OperatorChain.Step(SetOperator.UNION, new RseTag("B")),
                new OperatorChain.Step(SetOperator.INTERSECTION,
                        OperatorChain.of(new RseTag("C"), SetOperator.COMPLEMENT, new RseTag("D"))))));
    }

    @Test
    void redundantParenthesesGiveTheSameTree() {
        assertThat(RseExpression.parse("((A)|(B))").root()).isEqualTo(RseExpression.parse("A|B").root());
    }

    @Test
    void expressionsAreEqualByTheirText() {
        assertThat(RseExpression.parse("A|B")).isEqualTo(RseExpression.parse("A|B")).hasSameHashCodeAs(RseExpression.parse("A|B"));
        assertThat(RseExpression.parse("A|B")).isNotEqualTo(RseExpression.parse("(A|B)"));
        assertThat(RseExpression.parse("A|B").text()).isEqualTo("A|B");
        assertThat(RseExpression.parse("A|B")).hasToString("A|B");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {
            "(A", "A)", ")A(", "((A)", "(A))", "A|(B", "A)|(B",
            "A|", "A&", "A\\", "|A", "&A", "\\A", "A||B", "A|&B", "()", "(A|)", "(|A)", "A|()",
            "A B", " A", "A ", "A\t", "A;B", "A,B", "A+B", "A/B", "A:B", "A#", "é", "A\nB",
            "A_", "_A", "A__B", "A--B", "A-", "A.B", "user.jdoe",
            "a=b=c", "a==b", "=b", "a=", "a<", "<1", "a<=1", "a>=1", "x=1.5", "x<1.5", "x=a.b", "a=b<c",
            "**", "*A", "A*", "(A)(B)", "A(B)", "(A)B", "*|", "a=*", "A|*B"})
    void malformedExpressionsAreInvalidRseExpression(String expression) {
        LagunaException e = failure(expression);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION);
        assertThat(e.getMessage()).startsWith("Invalid RSE expression '");
    }

    @Test
    void theMessageNamesTheExpressionAndTheProblem() {
        assertThat(failure("(CERN|BNL").getMessage())
                .isEqualTo("Invalid RSE expression '(CERN|BNL': Problem with parentheses: 1 '(' not closed");
        assertThat(failure("CERN)").getMessage())
                .isEqualTo("Invalid RSE expression 'CERN)': Problem with parentheses: ')' at position 4 closes nothing");
        assertThat(failure("CERN|").getMessage()).contains("'CERN|'", "the operator '|' at the end has no right operand");
        assertThat(failure("CERN||BNL").getMessage()).contains("an operand is missing before '|' at position 5");
        assertThat(failure("()").getMessage()).contains("an operand is missing before ')' at position 1");
        assertThat(failure("CERN BNL").getMessage()).contains("illegal character ' ' at position 4");
        assertThat(failure("CERN.X").getMessage()).contains("unexpected '.' at position 4");
        assertThat(failure("=x").getMessage()).contains("'=' at position 0 does not start an RSE name");
        assertThat(failure("A\nB").getMessage()).contains("'A\\u000aB'", "illegal character '\\u000a' at position 1");
    }

    @Test
    void parenthesesAreCheckedBeforeTheRestLikeRucio() {
        assertThat(failure("A B)").getMessage()).contains("Problem with parentheses");
    }

    @Test
    void emptyAndMissingExpressionsAreInvalid() {
        assertThat(failure("").getMessage()).isEqualTo("Invalid RSE expression '': it is empty");
        assertThat(failure(null).code()).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION);
    }

    @Test
    void expressionsLongerThan3000CharactersAreRefused() {
        String longest = "A" + "|A".repeat((RseExpression.MAX_LENGTH - 1) / 2);
        assertThat(longest).hasSize(RseExpression.MAX_LENGTH - 1);
        assertThat(RseExpression.parse(longest + "A").text()).hasSize(RseExpression.MAX_LENGTH);
        String tooLong = longest + "|A";
        assertThat(failure(tooLong).getMessage()).contains("more than 3000").hasSizeLessThan(200);
    }

    @Test
    void theLongestChainsParseEvaluateCompareAndPrint() {
        RseCandidate a = new RseCandidate(UUID.randomUUID(), "A", Map.of("A", true));
        String chain = "A" + "&A".repeat((RseExpression.MAX_LENGTH - 1) / 2);
        for (int round = 0; round < 3; round++) {
            RseExpression parsed = RseExpression.parse(chain);
            assertThat(parsed.resolve(List.of(a))).containsExactly(a);
            assertThat(parsed.root()).isEqualTo(RseExpression.parse(chain).root());
            assertThat(parsed.root().hashCode()).isEqualTo(RseExpression.parse(chain).root().hashCode());
            assertThat(parsed.root().toString()).hasSize(chain.length() + 2 * ((RseExpression.MAX_LENGTH - 1) / 2));
        }
    }

    @Test
    void parenthesesMayNestAHundredDeep() {
        RseCandidate a = new RseCandidate(UUID.randomUUID(), "A", Map.of("A", true));
        int depth = RseExpression.MAX_NESTING;
        assertThat(RseExpression.parse("(".repeat(depth) + "A" + ")".repeat(depth)).root()).isEqualTo(new RseTag("A"));
        String rightDeep = "A|(".repeat(depth) + "A" + ")".repeat(depth);
        for (int round = 0; round < 3; round++) {
            RseExpression parsed = RseExpression.parse(rightDeep);
            assertThat(parsed.resolve(List.of(a))).containsExactly(a);
            assertThat(parsed.root()).isEqualTo(RseExpression.parse(rightDeep).root());
        }
        assertThat(failure("(".repeat(depth + 1) + "A" + ")".repeat(depth + 1)).getMessage())
                .contains("nested deeper than 100 at position 100");
    }

    @Test
    void recordsRefuseWhatTheParserWouldRefuse() {
        assertThatThrownBy(() -> new RseTag("A.B")).isInstanceOf(LagunaException.class).hasMessageContaining("'A.B'");
        assertThatThrownBy(() -> new RseTag(null)).isInstanceOf(LagunaException.class);
        assertThatThrownBy(() -> new AttributeEquals("a b", "c")).hasMessageContaining("attribute key 'a b'");
        assertThatThrownBy(() -> new AttributeEquals("a", "1.5")).hasMessageContaining("attribute value '1.5'");
        assertThatThrownBy(() -> new AttributeComparison("a", ComparisonOperator.LESS, "")).hasMessageContaining("numeric bound");
        assertThatThrownBy(() -> new OperatorChain.Step(SetOperator.UNION, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OperatorChain(new AnyRse(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
