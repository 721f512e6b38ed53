package org.laguna.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTest {
    @ParameterizedTest
    @ValueSource(strings = {"user.jdoe", "cygno", "group.phys-higgs", "A_b.1"})
    void acceptsRucioScopes(String scope) {
        assertThat(Names.scope(scope)).isEqualTo(scope);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/scope", "this.scope.is.far.too.long.for.rucio"})
    void rejectsBadScopesNamingTheValue(String scope) {
        assertThatThrownBy(() -> Names.scope(scope))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT))
                .hasMessageContaining("scope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"file.root", "run42/raw/f1.dat", "/abs/path", "a-b_c.d"})
    void acceptsDidNames(String name) {
        assertThat(Names.name(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../b", ".hidden", "a b", "tab\there", "a/./b"})
    void rejectsDidNamesWithTraversalOrBadCharacters(String name) {
        assertThatThrownBy(() -> Names.name(name)).isInstanceOf(LagunaException.class).hasMessageContaining("name");
    }

    @Test
    void rejectsNamesLongerThan250() {
        assertThatThrownBy(() -> Names.name("x".repeat(251))).hasMessageContaining("longer than 250");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CNAF_DISK", "CERN-PROD", "T1"})
    void acceptsUpperCaseRseNames(String rse) {
        assertThat(Names.rse(rse)).isEqualTo(rse);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnaf", "CNAF__DISK", "_X", "X-"})
    void rejectsOtherRseNames(String rse) {
        assertThatThrownBy(() -> Names.rse(rse)).isInstanceOf(LagunaException.class);
    }

    @Test
    void parsesDidTypesInLongAndShortForms() {
        assertThat(DidType.parse("dataset")).isEqualTo(DidType.DATASET);
        assertThat(DidType.parse("C")).isEqualTo(DidType.CONTAINER);
        assertThatThrownBy(() -> DidType.parse("blob")).hasMessageContaining("blob");
    }

    @Test
    void parsesReplicaStatesInLongAndShortForms() {
        assertThat(ReplicaState.parse("A")).isEqualTo(ReplicaState.AVAILABLE);
        assertThat(ReplicaState.parse("being_deleted")).isEqualTo(ReplicaState.BEING_DELETED);
        assertThatThrownBy(() -> ReplicaState.parse("LOST")).hasMessageContaining("LOST");
    }

    @Test
    void checksumsAreNormalisedToLowerCase() {
        assertThat(Names.adler32("0A0B0C0D")).isEqualTo("0a0b0c0d");
        assertThatThrownBy(() -> Names.adler32("xyz")).hasMessageContaining("adler32");
    }
}
