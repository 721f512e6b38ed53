package org.laguna.core.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.laguna.core.did.filter.DidColumn;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class MetaRulesTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void columnsAreTyped() {
        assertThat(MetaRules.column("run_number", F.textNode("42"), NOW).value()).isEqualTo(42L);
        assertThat(MetaRules.column("hidden", F.booleanNode(true), NOW).value()).isEqualTo(true);
        assertThat(MetaRules.column("guid", F.textNode("0123456789abcdef0123456789ABCDEF"), NOW).value())
                .isEqualTo(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"));
        assertThat(MetaRules.column("lifetime", F.numberNode(60), NOW))
                .isEqualTo(new MetaRules.ColumnValue("expired_at", DidColumn.Type.TIME, Timestamp.from(NOW.plusSeconds(60))));
        assertThat(MetaRules.column("eol_at", F.textNode("2027-02-03"), NOW).value()).isEqualTo(Timestamp.from(Instant.parse("2027-02-03T00:00:00Z")));
    }

    @Test
    void badValuesNameKeyAndValue() {
        assertThatThrownBy(() -> MetaRules.column("run_number", F.textNode("many"), NOW))
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY))
                .hasMessageContaining("run_number").hasMessageContaining("many");
        assertThatThrownBy(() -> MetaRules.column("provenance", F.textNode("toolong"), NOW)).hasMessageContaining("provenance");
        assertThatThrownBy(() -> MetaRules.column("adler32", F.textNode("xyz"), NOW)).hasMessageContaining("adler32");
        assertThatThrownBy(() -> MetaRules.column("lifetime", F.numberNode(-1), NOW)).hasMessageContaining("lifetime");
    }

    @Test
    void keysAreChecked() {
        assertThat(MetaRules.key("colour")).isEqualTo("colour");
        assertThat(MetaRules.isColumn("colour")).isFalse();
        assertThat(MetaRules.isColumn("lifetime")).isTrue();
        assertThatThrownBy(() -> MetaRules.key("a.b")).hasMessageContaining("Restricted");
        assertThatThrownBy(() -> MetaRules.key("scope")).hasMessageContaining("scope");
        assertThatThrownBy(() -> MetaRules.key("x'; drop")).isInstanceOf(LagunaException.class);
    }
}
