package org.laguna.server.testing;

import java.time.Duration;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.core.testing.TestCore;
import org.laguna.server.LagunaServer;

/**
 * A running Laguna server on a fresh test database and a free loopback port, with root's password
 * {@link TestCore#ROOT_PASSWORD}. One per test class is the usual pattern.
 */
public final class TestServer implements AutoCloseable {
    private final LagunaCore core;
    private volatile LagunaServer server;

    private TestServer(LagunaCore core, LagunaServer server) {
        this.core = core;
        this.server = server;
    }

    public static TestServer start() {
        return start(java.util.Map.of());
    }

    /** A server whose {@code laguna.properties} holds these settings (storage credentials, for example). */
    public static TestServer start(java.util.Map<String, String> properties) {
        org.laguna.core.config.LagunaConfig config = TestCore.config();
        try {
            StringBuilder text = new StringBuilder(TestCore.TEST_PROPERTIES);
            properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            java.nio.file.Files.writeString(config.home().resolve("laguna.properties"), text.toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        // the settings just written, and no environment: tests do not depend on the machine's
        config = config.withSource(org.laguna.core.config.ConfigSource.load(config.home(), java.util.Map.of()));
        LagunaCore core = LagunaCore.start(config);
        core.bootstrap();
        try {
            return new TestServer(core, LagunaServer.start(core, "127.0.0.1", 0));
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The HTTPS listener's address, when the server was started with {@code server.https-port}. */
    public String httpsUrl() {
        return "https://127.0.0.1:" + server.httpsPort().orElseThrow();
    }

    public LagunaCore core() {
        return core;
    }

    /**
     * Runs the conveyor (two attempts per transfer, no pause between them) until nothing is queued,
     * moving or waiting to be finished, at most 500 cycles.
     */
    public void drainTransfers() {
        Conveyor conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(2, Duration.ZERO, Duration.ofMinutes(15)),
                core.transferTool()));
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }
    }

    /** Stops answering HTTP, as a crashed server does (the catalogue stays); {@link #restartApi} brings it back. */
    public void stopApi() {
        server.close();
    }

    /** Answers HTTP again after {@link #stopApi}, on a new free port (see {@link #url}). */
    public void restartApi() {
        server = LagunaServer.start(core, "127.0.0.1", 0);
    }

    /** The routes the running server registered. */
    public java.util.List<LagunaServer.Route> routes() {
        return server.routes();
    }

    /** A REST caller authenticated as root. */
    public Rest root() {
        return Rest.login(url(), "root", "root", TestCore.ROOT_PASSWORD);
    }

    /** Creates a USER account with a userpass identity (directly in the catalogue) and logs it in. */
    public Rest createUser(String account, String password) {
        core.database().inTransactionVoid(tx -> {
            tx.update("insert into accounts (account, vo, account_type) values (?, 'def', 'USER')", account);
            tx.update("insert into identities (identity, identity_type, username, password_hash) values (?, 'USERPASS', ?, ?)",
                    account, account, core.passwords().hash(password));
            tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, 'USERPASS', ?, true)",
                    account, account);
        });
        return Rest.login(url(), account, account, password);
    }

    /** Creates a scope owned by an account (directly in the catalogue). */
    public void createScope(String scope, String account) {
        core.database().inTransactionVoid(tx ->
                tx.update("insert into scopes (scope, vo, account) values (?, 'def', ?)", scope, account));
    }

    /** A REST caller without a token. */
    public Rest anonymous() {
        return new Rest(url(), null);
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            core.close();
        }
    }
}
