package org.laguna.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RetentionDeleterTest {
    @Test
    void namesAreSqlNamesOnly() {
        assertThat(new RetentionDeleter("audit_log", "id", "id::text", "created_at").sliceKey()).isEqualTo("id::text");
        assertThat(RetentionDeleter.of("tokens", "token_hash", "expired_at").sliceKey()).isEqualTo("token_hash");
        assertThatThrownBy(() -> RetentionDeleter.of("tokens; drop table dids", "token_hash", "expired_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("table");
        assertThatThrownBy(() -> new RetentionDeleter("tokens", "token_hash", "token_hash || 'x'", "expired_at"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sliceKey");
    }
}
