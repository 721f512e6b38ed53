package org.laguna.core.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;
import org.laguna.core.testing.TestDatabase;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** One stored path is one file: the catalogue keeps at most one replica per path and RSE (migration V12). */
class ReplicaPathUniquenessTest {
    private static LagunaCore core;
    private static UUID rse;

    @BeforeAll
    static void start() {
        core = TestCore.start();
        core.services().scopes().add(TestCore.root(), "root", "paths");
        core.services().rses().addRse(TestCore.root(), "PATHS_TAPE", java.util.List.of(new org.laguna.core.rse.RseSetting.Flag(org.laguna.core.rse.RseField.DETERMINISTIC, false)));
        rse = core.database().readOnly(tx -> tx.queryOne("select id from rses where rse = 'PATHS_TAPE'",
                rs -> rs.getObject(1, UUID.class)).orElseThrow());
        core.database().inTransactionVoid(tx -> tx.update("insert into dids (scope, name, did_type, account, bytes) "
                + "select 'paths', n, 'FILE', 'root', 1 from unnest(array['a', 'b', 'c', 'd']) as n"));
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static void replica(String name, String path) {
        core.database().inTransactionVoid(tx -> tx.update("insert into replicas (scope, name, rse_id, bytes, path) values ('paths', ?, ?, 1, ?)",
                name, rse, path));
    }

    @Test
    void theDatabaseRefusesASecondReplicaWithTheSamePathOnOneRse() {
        replica("a", "shared/file");

        assertThatThrownBy(() -> replica("b", "shared/file"))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("shared/file")
                .extracting(e -> ((LagunaException) e).code()).isEqualTo(ErrorCode.DUPLICATE);
    }

    @Test
    void replicasWithoutAStoredPathAreNotConstrained() {
        replica("c", null);
        replica("d", null);

        long unconstrained = core.database().readOnly(tx -> tx.count("select count(*) from replicas where rse_id = ? and path is null", rse));
        assertThat(unconstrained).isEqualTo(2);
    }

    @Test
    void theMigrationStopsAndNamesThePathsThatExistingReplicasShare() throws SQLException {
        String url = TestDatabase.createDatabase();
        Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").target("11").load().migrate();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("insert into accounts (account, vo, account_type) values ('owner', 'def', 'USER')");
            statement.execute("insert into scopes (scope, vo, account) values ('old', 'def', 'owner')");
            statement.execute("insert into rses (id, vo, rse, deterministic) values ('00000000-0000-0000-0000-000000000001', 'def', 'OLD', false)");
            statement.execute("insert into dids (scope, name, did_type, account, bytes) values ('old', 'x', 'FILE', 'owner', 1), "
                    + "('old', 'y', 'FILE', 'owner', 1)");
            statement.execute("insert into replicas (scope, name, rse_id, bytes, path) values "
                    + "('old', 'x', '00000000-0000-0000-0000-000000000001', 1, 'same/path'), "
                    + "('old', 'y', '00000000-0000-0000-0000-000000000001', 1, 'same/path')");
        }

        assertThatThrownBy(() -> Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration").load().migrate())
                .hasMessageContaining("1 path(s) are held by more than one replica of the same RSE")
                .hasMessageContaining("same/path");
    }
}
