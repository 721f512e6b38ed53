package org.laguna.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Caller;
import org.laguna.core.config.LagunaConfig;

/** A {@link LagunaCore} on a fresh test database, with root bootstrapped. */
public final class TestCore {
    public static final String ROOT_PASSWORD = "root-secret-for-tests";

    /**
     * Written to every test home: a cheap password hash, as tests log in often (the default cost is
     * for production; tests that measure it set their own).
     */
    public static final String TEST_PROPERTIES = "auth.password.memory-kib=1024\nauth.password.iterations=1\n";

    private TestCore() {
    }

    public static LagunaConfig config() {
        try {
            Path home = Files.createTempDirectory("laguna-test-home");
            Files.writeString(home.resolve("laguna.properties"), TEST_PROPERTIES);
            return LagunaConfig.load(home, Map.of())
                    .withDatabase(TestDatabase.createDatabase(), null, null)
                    .withRootPassword(ROOT_PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static LagunaCore start() {
        LagunaCore core = LagunaCore.start(config());
        core.bootstrap();
        return core;
    }

    public static Caller root() {
        return Caller.system("root");
    }
}
