package org.laguna.core.did.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.core.common.DidType;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class DidFilterTest {
    @Test
    void readsThePythonReprThatRucioClientSends() {
        List<Map<String, Object>> groups = DidFilter.decode("[{'name': 'data*', 'length.gt': 3, 'ok': True, 'x': None}, {\"run_number\": \"5\"}]");
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0)).containsEntry("name", "data*").containsEntry("length.gt", 3L).containsEntry("ok", true).containsEntry("x", null);
        assertThat(groups.get(1)).containsEntry("run_number", "5");
    }

    @Test
    void aSingleDictionaryIsOneGroup() {
        assertThat(DidFilter.decode("{'name': 'a'}")).containsExactly(Map.of("name", "a"));
    }

    @Test
    void readsEscapesAndNumbers() {
        Object value = PyLiteral.parse("['it\\'s', \"q\\\"\", -1.5e3, 12345678901234567890, (1, 2)]");
        assertThat(value).isEqualTo(List.of("it's", "q\"", new BigDecimal("-1.5e3"), new java.math.BigInteger("12345678901234567890"), List.of(1L, 2L)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{'a': 1}", "[{'a' 1}]", "[{'a': open('x')}]", "[{'a': 1}] trailing", "['unterminated]", "[1]"})
    void malformedFiltersAreSyntaxErrors(String text) {
        assertThatThrownBy(() -> DidFilter.decode(text))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.DID_FILTER_SYNTAX_ERROR));
    }

    @Test
    void textFormSplitsOrAndAnd() {
        List<Map<String, Object>> groups = FilterText.parse("name=data*,length>3;run_number!=7, 1<events<=10");
        assertThat(groups).containsExactly(
                Map.of("name", "data*", "length.gt", "3"),
                Map.of("run_number.ne", "7", "events.gt", "1", "events.lte", "10"));
    }

    @Test
    void textFormRejectsGarbageNamingIt() {
        assertThatThrownBy(() -> FilterText.parse("name=a,novalue"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("novalue");
        assertThatThrownBy(() -> FilterText.parse("a=1,a=2"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("Duplicate");
    }

    @Test
    void typecastsStringsLikeRucio() {
        assertThat(Values.typecast("3")).isEqualTo(new FilterValue.Num(new BigDecimal("3"), "3"));
        assertThat(Values.typecast("true")).isEqualTo(new FilterValue.Bool(true));
        assertThat(Values.typecast("FALSE")).isEqualTo(new FilterValue.Bool(false));
        assertThat(Values.typecast("2024-01-02T03:04:05")).isInstanceOf(FilterValue.Date.class);
        assertThat(Values.typecast("Tue, 03 Nov 2026 10:00:00 UTC")).isInstanceOf(FilterValue.Date.class);
        assertThat(Values.typecast("abc")).isEqualTo(new FilterValue.Text("abc"));
        assertThat(Values.typecast("None")).isEqualTo(new FilterValue.Null());
    }

    @Test
    void typeKeyAndDefaultTypeGiveTheGroupsTypes() {
        DidFilter filter = DidFilter.of(DidFilter.decode("[{'type': 'file'}, {'name': 'x'}]"), "dataset");
        assertThat(filter.groups().get(0).types()).containsExactly(DidType.FILE);
        assertThat(filter.groups().get(1).types()).containsExactly(DidType.DATASET);
        assertThat(DidFilter.of(List.of(), "collection").groups().getFirst().types())
                .containsExactlyInAnyOrder(DidType.DATASET, DidType.CONTAINER);
    }

    @Test
    void badTypeIsUnsupportedOperation() {
        assertThatThrownBy(() -> DidFilter.of(List.of(), "bogus"))
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[{'a;drop table dids': 1}]", "[{'a.b.c': 1}]", "[{'a.foo': 1}]", "[{'name.gt': 'x'}]",
            "[{'k.gt': 'ab*'}]", "[{'created_after': 'yesterday'}]", "[{\"x' or 1=1 --\": 1}]"})
    void badKeysAndOperatorsAreRejected(String text) {
        assertThatThrownBy(() -> DidFilter.of(DidFilter.decode(text), "all"))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.DID_FILTER_SYNTAX_ERROR));
    }

    @Test
    void lengthMustBeAnInteger() {
        assertThatThrownBy(() -> DidFilter.of(DidFilter.decode("[{'length': 'abc'}]"), "all"))
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY))
                .hasMessageContaining("abc");
    }

    @Test
    void compilesColumnsWithTheirTypesAndOtherKeysIntoMeta() {
        DidFilter filter = DidFilter.of(DidFilter.decode(
                "[{'name': 'da_ta*', 'length.gte': '3', 'run_number.ne': 7, 'colour': 'red', 'energy.gt': 1.5}, {'hidden': 'true'}]"), "dataset");
        SqlFragment sql = FilterSql.compile(filter, "d");
        assertThat(sql.sql()).contains("d.did_type in ('DATASET')", "d.name like ? escape", "d.length >= ?::bigint",
                "(d.run_number <> ?::bigint or d.run_number is null)", "d.meta ->> ?::text", "jsonb_typeof", " or ", "d.hidden = ?::boolean",
                "d.meta @> jsonb_build_object(?::text, ?::text)");
        assertThat(sql.params()).startsWith("da\\_ta%", 3L, 7L, "colour", "red", "colour", "red");
        assertThat(sql.sql()).doesNotContain("colour", "red", "da_ta");
        assertThat(sql.sql().chars().filter(ch -> ch == '?').count()).isEqualTo(sql.params().size());
    }

    @Test
    void wrongTypedValueForAColumnNamesKeyAndValue() {
        DidFilter filter = DidFilter.of(DidFilter.decode("[{'bytes': 'lots'}]"), "all");
        assertThatThrownBy(() -> FilterSql.compile(filter, "d"))
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY))
                .hasMessageContaining("bytes").hasMessageContaining("lots");
    }

    @Test
    void starAloneMatchesEverything() {
        SqlFragment sql = FilterSql.compile(DidFilter.of(DidFilter.decode("[{'name': '*'}]"), "all"), "d");
        assertThat(sql.sql()).isEqualTo("((true and true))");
        assertThat(sql.params()).isEmpty();
    }

    @Test
    void withoutNameDropsNameConditions() {
        DidFilter filter = DidFilter.of(DidFilter.decode("[{'name': 'a*', 'k': 1}]"), "all").withoutName();
        assertThat(filter.groups().getFirst().conditions()).extracting(Condition::key).containsExactly("k");
    }
}
