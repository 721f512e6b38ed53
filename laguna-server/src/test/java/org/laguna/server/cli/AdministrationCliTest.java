package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.TestServer;

/** laguna lifetime-exception, server-config and meta-convention, as people read them. */
class AdministrationCliTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.createUser("clijane", "clijane-password");
        server.createScope("adm", "clijane");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Run asJane(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--account", "clijane", "--username", "clijane", "--password", "clijane-password"));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void anAccountAsksForAnExceptionAndOnlyAnAdministratorApprovesIt() {
        assertThat(asJane("did", "add", "adm:keep").exit()).isZero();
        Run added = asJane("lifetime-exception", "add", "adm:keep", "adm:missing", "--comment", "thesis data");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("waiting for approval", "unknown DIDs: adm:missing");
        String id = added.out().replaceAll("(?s).*Requested lifetime exception ([0-9a-f]{32}).*", "$1");

        Run denied = asJane("lifetime-exception", "approve", id);
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.err()).contains("AccessDenied");

        assertThat(CliRunner.asRoot(server, "lifetime-exception", "approve", id).exit()).isZero();
        Run shown = asJane("lifetime-exception", "show", id);
        assertThat(shown.out()).contains("adm", "keep", "APPROVED", "thesis data");
    }

    @Test
    void anAdministratorSetsReadsAndDeletesServerOptions() {
        Run set = CliRunner.asRoot(server, "server-config", "set", "reaper", "batch", "250");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(CliRunner.asRoot(server, "server-config", "get", "reaper", "batch").out().strip()).isEqualTo("250");
        assertThat(CliRunner.asRoot(server, "server-config", "list").out()).contains("reaper", "batch", "250");

        Run bad = CliRunner.asRoot(server, "server-config", "set", "reaper", "batch", "lots");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("ConfigurationError");
        Run denied = asJane("server-config", "get", "reaper", "batch");
        assertThat(denied.exit()).isNotZero();
        assertThat(denied.err()).contains("AccessDenied");

        assertThat(CliRunner.asRoot(server, "server-config", "delete", "reaper").exit()).isZero();
        assertThat(CliRunner.asRoot(server, "server-config", "get", "reaper", "batch").err()).contains("ConfigNotFound");
    }

    @Test
    void anEnumerationKeyRefusesOtherValuesOnDids() {
        assertThat(CliRunner.asRoot(server, "meta-convention", "add-key", "shift", "--enum").exit()).isZero();
        assertThat(CliRunner.asRoot(server, "meta-convention", "add-value", "shift", "night").exit()).isZero();
        assertThat(asJane("meta-convention", "list-values", "shift").out()).contains("night");
        assertThat(asJane("did", "add", "adm:run1").exit()).isZero();

        Run refused = asJane("did", "meta", "set", "adm:run1", "--key", "shift", "--value", "day");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("InvalidValueForKey");
        assertThat(asJane("did", "meta", "set", "adm:run1", "--key", "shift", "--value", "night").exit()).isZero();
    }
}
