package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class SizesTest {
    @Test
    void aSizeIsBytesOrANumberWithADecimalUnitOrUnlimited() {
        assertThat(Sizes.parse("5000000000", "q")).isEqualTo(5_000_000_000L);
        assertThat(Sizes.parse(" 5 GB ", "q")).isEqualTo(5_000_000_000L);
        assertThat(Sizes.parse("1.5TB", "q")).isEqualTo(1_500_000_000_000L);
        assertThat(Sizes.parse("10 kB", "q")).isEqualTo(10_000L);
        assertThat(Sizes.parse("7 B", "q")).isEqualTo(7L);
        assertThat(Sizes.parse("unlimited", "q")).isEqualTo(-1L);
        assertThat(Sizes.parse("-1", "q")).isEqualTo(-1L);
    }

    @Test
    void anythingElseIsRefusedNamingTheFieldAndTheText() {
        for (String bad : new String[] {"", "lots", "-5", "5 XB", "1e9", "99999 EB"}) {
            assertThatThrownBy(() -> Sizes.parse(bad, "The quota")).isInstanceOf(LagunaException.class)
                    .hasMessageStartingWith("The quota")
                    .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY));
        }
    }
}
