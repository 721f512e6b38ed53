package org.laguna.core.rse.lfn2pfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Expected paths were computed with Python's hashlib from Rucio's rule. */
class Lfn2PfnAlgorithmTest {
    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({
            "mock, file, mock/ca/2a/file",
            "user.jdoe, file.root, user/jdoe/59/52/file.root",
            "group.phys-higgs, data/run1.root, group/phys-higgs/b4/7a/data/run1.root",
            "users.x, f, users/x/3a/46/f",
            "User.x, f, User.x/2d/39/f",
            "data17_13TeV, AOD.123._000001.pool.root.1, data17_13TeV/50/94/AOD.123._000001.pool.root.1",
            "data.17, f, data.17/22/1c/f",
            "groupie, f, groupie/9d/17/f",
            "cygno, run1.dat, cygno/fd/42/run1.dat",
            "user.jdoe, ünïcode-ä.txt, user/jdoe/dc/84/ünïcode-ä.txt",
            "user.a.b.c, x, user/a/b/c/8f/e8/x"})
    void hashPutsTheFileTwoDirectoriesDeepByTheMd5OfScopeAndName(String scope, String name, String path) {
        assertThat(Lfn2PfnAlgorithm.HASH.path(scope, name)).isEqualTo(path);
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({
            "mock, file, mock/file",
            "user.jdoe, a/b.root, user/jdoe/a/b.root",
            "group.phys, f, group/phys/f",
            "usersomething.x, f, usersomething/x/f",
            "data.17, f, data.17/f",
            "xuser.y, f, xuser.y/f"})
    void identityJoinsScopeAndName(String scope, String name, String path) {
        assertThat(Lfn2PfnAlgorithm.IDENTITY.path(scope, name)).isEqualTo(path);
    }

    @Test
    void onlyScopesStartingWithUserOrGroupBecomeDirectories() {
        assertThat(Lfn2PfnAlgorithm.scopeDirectory("user.jdoe")).isEqualTo("user/jdoe");
        assertThat(Lfn2PfnAlgorithm.scopeDirectory("group.a.b")).isEqualTo("group/a/b");
        assertThat(Lfn2PfnAlgorithm.scopeDirectory("user")).isEqualTo("user");
        assertThat(Lfn2PfnAlgorithm.scopeDirectory("mc16.x")).isEqualTo("mc16.x");
        assertThat(Lfn2PfnAlgorithm.scopeDirectory("GROUP.x")).isEqualTo("GROUP.x");
    }

    @Test
    void hashAgreesWithItsDefinitionOnRandomNames() throws Exception {
        Random random = new Random(17);
        String alphabet = "abcXYZ019._-/";
        for (int i = 0; i < 500; i++) {
            String scope = (random.nextBoolean() ? "user." : "s") + word(random, "abcxyz.", 1 + random.nextInt(10));
            String name = word(random, alphabet, 1 + random.nextInt(40));
            String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest((scope + ":" + name).getBytes(StandardCharsets.UTF_8)));
            String path = Lfn2PfnAlgorithm.HASH.path(scope, name);
            assertThat(path).isEqualTo(Lfn2PfnAlgorithm.scopeDirectory(scope) + "/" + md5.substring(0, 2) + "/"
                    + md5.substring(2, 4) + "/" + name);
            assertThat(path).doesNotStartWith("/").endsWith("/" + name);
            assertThat(Lfn2PfnAlgorithm.IDENTITY.path(scope, name)).isEqualTo(Lfn2PfnAlgorithm.scopeDirectory(scope) + "/" + name);
        }
    }

    private static String word(Random random, String alphabet, int length) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    @Test
    void algorithmsAreFoundByTheirRucioNames() {
        assertThat(Lfn2PfnAlgorithm.named("hash")).isEqualTo(Lfn2PfnAlgorithm.HASH);
        assertThat(Lfn2PfnAlgorithm.named("identity")).isEqualTo(Lfn2PfnAlgorithm.IDENTITY);
        assertThat(Lfn2PfnAlgorithm.HASH.rucioName()).isEqualTo("hash");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = "default")
    void noNameOrDefaultMeansTheServersDefault(String name) {
        assertThat(Lfn2PfnAlgorithm.named(name)).isEqualTo(Lfn2PfnAlgorithm.HASH);
        assertThat(Lfn2PfnAlgorithm.named(name, Lfn2PfnAlgorithm.IDENTITY)).isEqualTo(Lfn2PfnAlgorithm.IDENTITY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"magic", "Hash", "HASH", " hash", "atlas", "identity2"})
    void anUnknownAlgorithmIsAnErrorNamingIt(String name) {
        assertThatThrownBy(() -> Lfn2PfnAlgorithm.named(name))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("'" + name + "'")
                .hasMessageContaining("hash, identity")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY));
    }

    @Test
    void aMissingScopeOrNameIsAnError() {
        assertThatThrownBy(() -> Lfn2PfnAlgorithm.HASH.path(null, "f")).hasMessageContaining("scope");
        assertThatThrownBy(() -> Lfn2PfnAlgorithm.IDENTITY.path("s", "")).hasMessageContaining("name")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT));
    }
}
