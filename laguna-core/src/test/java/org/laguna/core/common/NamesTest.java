package org.laguna.core.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class NamesTest {
    private static void assertRejected(UnaryOperator<String> validator, String value, String field) {
        assertThatThrownBy(() -> validator.apply(value))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT))
                .hasMessageStartingWith("Problem validating " + field);
    }

    // accounts

    @ParameterizedTest
    @ValueSource(strings = {"root", "jdoe", "ddmadmin", "a", "user-1", "_x", "-", "a_b-c9", "abcdefghijklmnopqrstuvwxy"})
    void acceptsRucioAccounts(String account) {
        assertThat(Names.account(account)).isEqualTo(account);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"JDoe", "j.doe", "j doe", "jdoe\n", "j@doe", "abcdefghijklmnopqrstuvwxyz", "jdöe", "j/doe"})
    void rejectsOtherAccounts(String account) {
        assertRejected(Names::account, account, "account");
    }

    @Test
    void theMessageNamesTheFieldAndTheValue() {
        assertThatThrownBy(() -> Names.account("J.Doe"))
                .hasMessage("Problem validating account 'J.Doe': may only contain lower-case letters, digits, '_' and '-'");
        assertThatThrownBy(() -> Names.scope("x".repeat(26)))
                .hasMessage("Problem validating scope '" + "x".repeat(26) + "': is longer than 25 characters");
        assertThatThrownBy(() -> Names.account(null)).hasMessage("Problem validating account: it is missing or empty");
    }

    @Test
    void controlCharactersAreEscapedInMessages() {
        assertThatThrownBy(() -> Names.name("a\nb\u0000")).hasMessageContaining("'a\\u000ab\\u0000'");
    }

    @Test
    void longValuesAreCutInMessages() {
        assertThatThrownBy(() -> Names.name("y".repeat(5000))).hasMessageContaining("y".repeat(100) + "...'")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    // scopes

    @ParameterizedTest
    @ValueSource(strings = {"user.jdoe", "cygno", "group.phys-higgs", "A_b.1", "mc16_13TeV", ".", "-x", "abcdefghijklmnopqrstuvwxy"})
    void acceptsRucioScopes(String scope) {
        assertThat(Names.scope(scope)).isEqualTo(scope);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "slash/scope", "this.scope.is.far.too.long.for.rucio", "colon:scope", "scope\n", "scöpe"})
    void rejectsBadScopesNamingTheValue(String scope) {
        assertRejected(Names::scope, scope, "scope");
    }

    // DID names

    @ParameterizedTest
    @ValueSource(strings = {"file.root", "run42/raw/f1.dat", "/abs/path", "a-b_c.d", "1", "a..b", "a/...", "a/.hidden",
            "x/", "a//b", "AOD.12345._000001.pool.root.1"})
    void acceptsDidNames(String name) {
        assertThat(Names.name(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../b", "/../x", "a/..", "a/./b", "/./a", "a/.", ".hidden", "_x", "-x",
            "a b", "tab\there", "line\n", "nul\u0000", "é", "a:b", "a*b", "a?b"})
    void rejectsDidNamesWithTraversalOrBadCharacters(String name) {
        assertRejected(Names::name, name, "name");
    }

    @Test
    void dotSegmentsAreNamedInTheMessage() {
        assertThatThrownBy(() -> Names.name("a/../b")).hasMessageContaining("must not contain a '..' path segment");
        assertThatThrownBy(() -> Names.name("a/./b")).hasMessageContaining("'.' path segment");
    }

    @Test
    void didNamesMayHave250Characters() {
        assertThat(Names.name("x".repeat(250))).hasSize(250);
        assertThatThrownBy(() -> Names.name("x".repeat(251))).hasMessageContaining("longer than 250");
    }

    @Test
    void randomNamesAreAcceptedExactlyWhenRuciosPatternMatchesAndNoSegmentIsADot() {
        Pattern rucio = Pattern.compile("[/A-Za-z0-9][/A-Za-z0-9.\\-_]*");
        Random random = new Random(5);
        String alphabet = "aZ9/._- :";
        for (int i = 0; i < 3000; i++) {
            StringBuilder name = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int j = 0; j < length; j++) {
                name.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = name.toString();
            boolean dotSegment = ("/" + value + "/").contains("/../") || ("/" + value + "/").contains("/./");
            boolean expected = rucio.matcher(value).matches() && !dotSegment;
            boolean accepted;
            try {
                Names.name(value);
                accepted = true;
            } catch (LagunaException e) {
                accepted = false;
            }
            assertThat(accepted).as(value).isEqualTo(expected);
        }
    }

    // RSE names and attribute keys

    @ParameterizedTest
    @ValueSource(strings = {"CNAF_DISK", "CERN-PROD", "T1", "MOCK", "A1-B2_C3", "1"})
    void acceptsUpperCaseRseNames(String rse) {
        assertThat(Names.rse(rse)).isEqualTo(rse);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"cnaf", "Cnaf_DISK", "CNAF__DISK", "CNAF_-DISK", "_X", "X-", "X.Y", "X Y", "MOCK\n"})
    void rejectsOtherRseNames(String rse) {
        assertRejected(Names::rse, rse, "rse");
    }

    @Test
    void rseNamesMayHave255Characters() {
        assertThat(Names.rse("R".repeat(255))).hasSize(255);
        assertRejected(Names::rse, "R".repeat(256), "rse");
    }

    @ParameterizedTest
    @ValueSource(strings = {"lfn2pfn_algorithm", "fts", "istape", "CERN-PROD_DATADISK", "a.b", "sign_url", "greedyDeletion", "-"})
    void acceptsAttributeKeysAnExpressionCanName(String key) {
        assertThat(Names.attributeKey(key)).isEqualTo(key);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"a/b", "a b", "a=b", "a<b", "a:b", "tab\t"})
    void rejectsOtherAttributeKeys(String key) {
        assertRejected(Names::attributeKey, key, "key");
    }

    @Test
    void attributeKeysMayHave255Characters() {
        assertThat(Names.attributeKey("k".repeat(255))).hasSize(255);
        assertRejected(Names::attributeKey, "k".repeat(256), "key");
    }

    // checksums

    @Test
    void checksumsAreNormalisedToLowerCase() {
        assertThat(Names.adler32("0A0B0C0D")).isEqualTo("0a0b0c0d");
        assertThat(Names.md5("D41D8CD98F00B204E9800998ECF8427E")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertRejected(Names::adler32, "xyz", "adler32");
        assertRejected(Names::adler32, "0a0b0c0d0", "adler32");
        assertRejected(Names::md5, "d41d8cd98f00b204e9800998ecf8427g", "md5");
    }

    // enumerations through Names

    @Test
    void enumerationValidatorsReturnTheParsedValue() {
        assertThat(Names.accountType("service")).isEqualTo(AccountType.SERVICE);
        assertThat(Names.didType("F")).isEqualTo(DidType.FILE);
        assertThat(Names.replicaState("T")).isEqualTo(ReplicaState.TEMPORARY_UNAVAILABLE);
    }
}
