package org.laguna.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class EnumParsingTest {
    @ParameterizedTest
    @CsvSource({"USER, USER", "user, USER", "Group, GROUP", "SERVICE, SERVICE", "sErViCe, SERVICE"})
    void accountTypesAreReadInAnyCase(String text, AccountType type) {
        assertThat(AccountType.parse(text)).isEqualTo(type);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"U", "ADMIN", " USER", "USER ", "users"})
    void otherAccountTypesAreInvalidObjects(String text) {
        assertThatThrownBy(() -> AccountType.parse(text))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("account type")
                .hasMessageContaining("USER, GROUP, SERVICE")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
    }

    @ParameterizedTest
    @CsvSource({
            "FILE, FILE", "file, FILE", "F, FILE",
            "DATASET, DATASET", "Dataset, DATASET", "D, DATASET",
            "CONTAINER, CONTAINER", "container, CONTAINER", "C, CONTAINER"})
    void didTypesAreReadByNameInAnyCaseOrByCode(String text, DidType type) {
        assertThat(DidType.parse(text)).isEqualTo(type);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"f", "d", "c", "blob", "ARCHIVE", "A", "X", "COLLECTION", " FILE", "FILES"})
    void otherDidTypesAreInvalidObjectsNamingTheValue(String text) {
        assertThatThrownBy(() -> DidType.parse(text))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("DID type")
                .hasMessageContaining(text == null ? "missing" : "'" + text + "'")
                .hasMessageContaining("FILE, DATASET, CONTAINER or F, D, C")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
    }

    @Test
    void didTypesKnowTheirCodesAndWhetherTheyHoldOthers() {
        assertThat(DidType.FILE.code()).isEqualTo("F");
        assertThat(DidType.DATASET.code()).isEqualTo("D");
        assertThat(DidType.CONTAINER.code()).isEqualTo("C");
        assertThat(DidType.FILE.isCollection()).isFalse();
        assertThat(DidType.DATASET.isCollection()).isTrue();
        assertThat(DidType.CONTAINER.isCollection()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "AVAILABLE, A", "UNAVAILABLE, U", "COPYING, C", "BEING_DELETED, B", "BAD, D", "TEMPORARY_UNAVAILABLE, T"})
    void replicaStatesAreReadByNameOrCode(String name, String code) {
        ReplicaState state = ReplicaState.valueOf(name);
        assertThat(state.code()).isEqualTo(code);
        assertThat(ReplicaState.parse(name)).isEqualTo(state);
        assertThat(ReplicaState.parse(name.toLowerCase(Locale.ROOT))).isEqualTo(state);
        assertThat(ReplicaState.parse(code)).isEqualTo(state);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a", "LOST", "SOURCE", "S", "X", "AVAILABLE ", "DELETED"})
    void otherReplicaStatesAreInvalidObjects(String text) {
        assertThatThrownBy(() -> ReplicaState.parse(text))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("replica state")
                .hasMessageContaining("AVAILABLE, UNAVAILABLE, COPYING, BEING_DELETED, BAD, TEMPORARY_UNAVAILABLE or A, U, C, B, D, T")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
    }

    @Test
    void everyCodeIsUniqueWithinItsEnumeration() {
        assertThat(Arrays.stream(ReplicaState.values()).map(ReplicaState::code).distinct()).hasSize(6);
        assertThat(Arrays.stream(DidType.values()).map(DidType::code).distinct()).hasSize(3);
    }

    @Test
    void controlCharactersAreEscapedInTheMessage() {
        assertThatThrownBy(() -> DidType.parse("F\n")).hasMessageContaining("'F\\u000a'");
    }
}
