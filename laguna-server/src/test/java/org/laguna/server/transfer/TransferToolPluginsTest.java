package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.laguna.spi.transfer.TransferTools;

/** The server's class path, which is the distribution's, carries the transfer tool plugins. */
class TransferToolPluginsTest {
    @Test
    void theFts3ToolIsPartOfTheDistribution() {
        assertThat(TransferTools.load().has("fts3")).isTrue();
    }
}
