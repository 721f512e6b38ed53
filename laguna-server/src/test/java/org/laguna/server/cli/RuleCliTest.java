package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.JudgeCleaner;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** {@code laguna rule ...} against a real server, as a user types it. */
@ExtendWith(ServerPerClass.class)
class RuleCliTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createScope("cygno", "root");
        for (String rse : new String[] {"LNGS_DISK", "CNAF_DISK", "CNAF_TAPE"}) {
            laguna("rse", "add", rse);
            laguna("rse", "attribute", "set", rse, "--key", "country", "--value", "IT");
        }
        assertThat(laguna("replica", "add", "cygno:run1.root", "--rse", "LNGS_DISK", "--bytes", "42", "--adler32", "0000002a").exit()).isZero();
        assertThat(laguna("did", "add", "cygno:run1", "--type", "dataset").exit()).isZero();
        assertThat(laguna("did", "attach", "--to", "cygno:run1", "cygno:run1.root").exit()).isZero();
    }

    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    @Test
    void addsListsShowsUpdatesAndRemovesARule() {
        Run added = laguna("rule", "add", "--copies", "2", "--rses", "country=IT&CNAF_TAPE", "cygno:run1");
        assertThat(added.exit()).as(added.err()).isEqualTo(1);
        assertThat(added.err()).contains("InsufficientTargetRSEs");

        added = laguna("rule", "add", "--copies", "2", "--rses", "country=IT", "--lifetime", "3600", "cygno:run1");
        assertThat(added.exit()).as(added.err()).isZero();
        String id = added.out().trim();
        assertThat(id).matches("[0-9a-f]{32}");

        Run list = laguna("rule", "list", "--did", "cygno:run1");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(id, "cygno:run1", "country=IT");
        assertThat(laguna("rule", "show", id).out()).contains("locks_ok_cnt");
        assertThat(laguna("rule", "locks", id).out()).contains("run1.root");
        assertThat(laguna("rule", "update", id, "--comment", "two copies in Italy").exit()).isZero();
        assertThat(laguna("rule", "show", id, "--json").out()).contains("two copies in Italy");
        Run removed = laguna("rule", "remove", id);
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).contains("expires within the hour");
        assertThat(laguna("rule", "show", id).exit()).as("a deleted rule stays until it expires").isZero();
        assertThat(laguna("rule", "remove", "--now", id).exit()).isZero();
        Run gone = laguna("rule", "show", id);
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("RuleNotFound");
    }

    @Test
    void anExpiredRuleIsCleanedAndItsReplicasGetATombstone() {
        laguna("replica", "add", "cygno:short.root", "--rse", "CNAF_DISK", "--bytes", "7", "--adler32", "00000007");
        Run added = laguna("rule", "add", "--copies", "1", "--rses", "CNAF_DISK", "--lifetime", "0", "cygno:short.root");
        assertThat(added.exit()).as(added.err()).isZero();
        new JudgeCleaner(server.core().services().rules()).runOnce(WorkSlice.ALL);
        assertThat(laguna("rule", "list", "--did", "cygno:short.root").out()).doesNotContain(added.out().trim());
        long tombstoned = server.core().database().readOnly(tx -> tx.count(
                "select count(*) from replicas where name = 'short.root' and tombstone is not null and lock_cnt = 0"));
        assertThat(tombstoned).isEqualTo(1);
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(laguna("rule", "add", "--copies", "1", "--rses", "CNAF_DISK", "not-a-did").exit()).isEqualTo(2);
        assertThat(laguna("rule", "add", "--copies", "0", "--rses", "CNAF_DISK", "cygno:run1").exit()).isEqualTo(2);
        Run missing = laguna("rule", "add", "--copies", "1", "--rses", "CNAF_DISK", "cygno:nothing");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("DataIdentifierNotFound");
    }
}
