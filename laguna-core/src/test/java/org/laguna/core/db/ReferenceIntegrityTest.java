package org.laguna.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The references of dids and replicas are checked per statement (migration V8); these tests hold
 * them to what a foreign key guarantees, including against a concurrent delete.
 */
class ReferenceIntegrityTest {
    private static LagunaCore core;
    private static UUID rse;
    private static int counter;

    @BeforeAll
    static void start() {
        core = TestCore.start();
        core.services().scopes().add(TestCore.root(), "root", "ref");
        core.services().rses().addRse(TestCore.root(), "REF_DISK", java.util.List.of());
        rse = core.database().readOnly(tx -> tx.queryOne("select id from rses where rse = 'REF_DISK'",
                rs -> rs.getObject(1, UUID.class)).orElseThrow());
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static String file() {
        String name = "f" + (++counter);
        core.database().inTransactionVoid(tx -> tx.update("insert into dids (scope, name, did_type, account, bytes) values ('ref', ?, 'FILE', 'root', 1)", name));
        return name;
    }

    private static void sql(String statement, Object... params) {
        core.database().inTransactionVoid(tx -> tx.update(statement, params));
    }

    private static long count(String query, Object... params) {
        return core.database().readOnly(tx -> tx.count(query, params));
    }

    @Test
    void aReplicaOfAMissingDidIsRefusedAndNothingOfTheStatementIsKept() {
        String present = file();
        assertThatThrownBy(() -> sql("insert into replicas (scope, name, rse_id, bytes) values ('ref', ?, ?, 1), ('ref', 'missing', ?, 1)",
                present, rse, rse))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("(scope, name)=(ref, missing)")
                .extracting(e -> ((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_OBJECT);
        assertThat(count("select count(*) from replicas where scope = 'ref' and name = ?", present)).isZero();
    }

    @Test
    void aReplicaOnAMissingRseIsRefused() {
        String name = file();
        assertThatThrownBy(() -> sql("insert into replicas (scope, name, rse_id, bytes) values ('ref', ?, ?, 1)", name, UUID.randomUUID()))
                .isInstanceOf(LagunaException.class).hasMessageContaining("rse_id");
    }

    @Test
    void aDidInAMissingScopeOrOfAMissingAccountIsRefused() {
        assertThatThrownBy(() -> sql("insert into dids (scope, name, did_type, account) values ('nosuch', 'x', 'FILE', 'root')"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("(scope)=(nosuch)");
        assertThatThrownBy(() -> sql("insert into dids (scope, name, did_type, account) values ('ref', 'x', 'FILE', 'nobody')"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("(account)=(nobody)");
        assertThat(count("select count(*) from dids where name = 'x'")).isZero();
    }

    @Test
    void aDidWithReplicasCannotBeDeletedButOneWithoutCan() {
        String kept = file();
        String free = file();
        sql("insert into replicas (scope, name, rse_id, bytes) values ('ref', ?, ?, 1)", kept, rse);
        assertThatThrownBy(() -> sql("delete from dids where scope = 'ref' and name in (?, ?)", kept, free))
                .isInstanceOf(LagunaException.class).hasMessageContaining("still referenced");
        sql("delete from dids where scope = 'ref' and name = ?", free);
        assertThat(count("select count(*) from dids where scope = 'ref' and name in (?, ?)", kept, free)).isEqualTo(1);
    }

    @Test
    void referencingColumnsCannotBeRewritten() {
        String name = file();
        sql("insert into replicas (scope, name, rse_id, bytes) values ('ref', ?, ?, 1)", name, rse);
        assertThatThrownBy(() -> sql("update replicas set name = 'elsewhere' where scope = 'ref' and name = ?", name))
                .isInstanceOf(LagunaException.class);
        assertThatThrownBy(() -> sql("update dids set account = 'nobody' where scope = 'ref' and name = ?", name))
                .isInstanceOf(LagunaException.class);
        sql("update replicas set state = 'BAD' where scope = 'ref' and name = ?", name);
    }

    @Test
    void contentsNeedBothDidsAndGoWithEither() {
        sql("insert into dids (scope, name, did_type, account) values ('ref', 'ds1', 'DATASET', 'root'), ('ref', 'ds2', 'DATASET', 'root')");
        String child = file();
        String other = file();
        assertThatThrownBy(() -> sql("insert into contents (scope, name, child_scope, child_name, did_type, child_type) "
                + "values ('ref', 'ds1', 'ref', ?, 'DATASET', 'FILE'), ('ref', 'ds1', 'ref', 'missing', 'DATASET', 'FILE')", child))
                .isInstanceOf(LagunaException.class).hasMessageContaining("(child_scope, child_name)=(ref, missing)");
        assertThatThrownBy(() -> sql("insert into contents (scope, name, child_scope, child_name, did_type, child_type) "
                + "values ('ref', 'nods', 'ref', ?, 'DATASET', 'FILE')", child))
                .isInstanceOf(LagunaException.class).hasMessageContaining("(scope, name)=(ref, nods)");
        assertThat(count("select count(*) from contents where scope = 'ref' and name = 'ds1'")).isZero();

        sql("insert into contents (scope, name, child_scope, child_name, did_type, child_type) values "
                + "('ref', 'ds1', 'ref', ?, 'DATASET', 'FILE'), ('ref', 'ds1', 'ref', ?, 'DATASET', 'FILE'), "
                + "('ref', 'ds2', 'ref', ?, 'DATASET', 'FILE')", child, other, child);
        assertThatThrownBy(() -> sql("update contents set child_name = 'x' where name = 'ds2'")).isInstanceOf(LagunaException.class);
        sql("delete from dids where scope = 'ref' and name = ?", child);
        assertThat(count("select count(*) from contents where child_name = ?", child)).as("the child's rows").isZero();
        assertThat(count("select count(*) from contents where name = 'ds1'")).isEqualTo(1);
        sql("delete from dids where scope = 'ref' and name = 'ds1'");
        assertThat(count("select count(*) from contents where name = 'ds1'")).as("the collection's rows").isZero();
    }

    @Test
    void aDeleteRacingAnUncommittedReplicaInsertWaitsAndThenFails() throws Exception {
        String name = file();
        try (Connection inserter = core.database().dataSource().getConnection()) {
            inserter.setAutoCommit(false);
            try (Statement s = inserter.createStatement()) {
                s.executeUpdate("insert into replicas (scope, name, rse_id, bytes) values ('ref', '" + name + "', '" + rse + "', 1)");
            }
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> sql("delete from dids where scope = 'ref' and name = ?", name));
            Thread.sleep(500);
            assertThat(delete).as("the delete waits for the inserting transaction").isNotDone();
            inserter.commit();
            assertThatThrownBy(() -> delete.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LagunaException.class)
                    .hasMessageContaining("still referenced");
        }
        assertThat(count("select count(*) from replicas r join dids d using (scope, name) where r.scope = 'ref' and r.name = ?", name))
                .isEqualTo(1);
    }

    @Test
    void anInsertRacingAnUncommittedDeleteOfItsDidFailsOnceTheDeleteCommits() throws Exception {
        String name = file();
        try (Connection deleter = core.database().dataSource().getConnection()) {
            deleter.setAutoCommit(false);
            try (Statement s = deleter.createStatement()) {
                s.executeUpdate("delete from dids where scope = 'ref' and name = '" + name + "'");
            }
            CompletableFuture<Void> insert = CompletableFuture.runAsync(
                    () -> sql("insert into replicas (scope, name, rse_id, bytes) values ('ref', ?, ?, 1)", name, rse));
            Thread.sleep(500);
            assertThat(insert).as("the insert waits for the deleting transaction").isNotDone();
            deleter.commit();
            assertThatThrownBy(() -> insert.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LagunaException.class)
                    .hasMessageContaining("not present");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        assertThat(count("select count(*) from replicas where scope = 'ref' and name = ?", name)).isZero();
    }
}
