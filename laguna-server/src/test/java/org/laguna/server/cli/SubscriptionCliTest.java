package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.subscription.Transmogrifier;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** {@code laguna subscription ...} against a real server, as a user types it. */
@ExtendWith(ServerPerClass.class)
class SubscriptionCliTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createScope("cygno", "root");
        assertThat(laguna("rse", "add", "LNGS_DISK").exit()).isZero();
    }

    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    @Test
    void addsListsShowsAndUpdatesASubscriptionWhoseRulesAppearOnNewDatasets() {
        Run added = laguna("subscription", "add", "raw", "--filter", "{\"scope\": [\"cygno\"], \"pattern\": \"run.*\"}",
                "--rules", "[{\"copies\": 1, \"rse_expression\": \"LNGS_DISK\", \"activity\": \"T0 Export\"}]", "--comment", "raw runs",
                "--lifetime", "30");
        assertThat(added.exit()).as(added.err()).isZero();
        String id = added.out().trim();
        assertThat(id).matches("[0-9a-f]{32}");

        Run list = laguna("subscription", "list", "--for", "root");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains(id, "raw", "ACTIVE", "raw runs");

        assertThat(laguna("did", "add", "cygno:run7", "--type", "dataset").exit()).isZero();
        new Transmogrifier(server.core().database(), server.core().services().rules(), server.core().services().rses().resolver(),
                server.core().clock(), 100).runOnce(WorkSlice.ALL);
        Run show = laguna("subscription", "show", "root", "raw");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("replication_rules", "LNGS_DISK", "RULE_STATE", "OK");
        assertThat(laguna("subscription", "show", "--id", id, "--json").out()).contains("\"name\":\"raw\"");
        assertThat(laguna("rule", "list", "--did", "cygno:run7").out()).contains("LNGS_DISK");

        Run updated = laguna("subscription", "update", "raw", "--comment", "all runs", "--state", "INACTIVE");
        assertThat(updated.exit()).as(updated.err()).isZero();
        assertThat(laguna("subscription", "list", "--name", "raw").out()).contains("INACTIVE", "all runs");
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() {
        Run badJson = laguna("subscription", "add", "broken", "--filter", "{scope", "--rules", "[]");
        assertThat(badJson.exit()).isEqualTo(2);
        assertThat(badJson.err()).contains("--filter must be JSON");

        Run noRules = laguna("subscription", "add", "empty", "--filter", "{}", "--rules", "[]");
        assertThat(noRules.exit()).isEqualTo(1);
        assertThat(noRules.err()).contains("InvalidObject").doesNotContain("Exception:");

        Run missing = laguna("subscription", "show", "root", "nosuch");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("SubscriptionNotFound");

        Run nothing = laguna("subscription", "update", "raw");
        assertThat(nothing.exit()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to change");
    }
}
