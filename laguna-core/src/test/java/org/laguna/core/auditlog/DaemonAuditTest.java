package org.laguna.core.auditlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DaemonAuditTest {
    @Test
    void anInsertNamesTheDaemonAsActorAndTakesTheTimeAsItsOnlyParameter() {
        String sql = DaemonAudit.insertSelect("judge-cleaner", "del_rule", "'rule=' || id", "'expired'", "gone");

        assertThat(sql).isEqualTo("insert into audit_log (created_at, account, identity, auth_method, action, target, outcome, detail) "
                + "select ?, 'judge-cleaner', 'judge-cleaner', 'daemon', 'del_rule', 'rule=' || id, 'SUCCESS', 'expired' from gone");
        assertThat(sql.chars().filter(c -> c == '?').count()).isEqualTo(1);
    }

    @Test
    void daemonAndActionNamesCannotCarrySql() {
        assertThatThrownBy(() -> DaemonAudit.insertSelect("reaper', 'x", "del_rule", "t", "null", "gone"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DaemonAudit.insertSelect("reaper", "Del Rule", "t", "null", "gone"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
