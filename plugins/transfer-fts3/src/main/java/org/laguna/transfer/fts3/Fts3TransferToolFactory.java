package org.laguna.transfer.fts3;

import java.util.Map;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolFactory;

/** The {@code fts3} transfer tool: configured by the server's {@code transfer.fts3.*} keys (see {@link Fts3Config}). */
public final class Fts3TransferToolFactory implements TransferToolFactory {
    @Override
    public String name() {
        return Fts3TransferTool.NAME;
    }

    @Override
    public TransferTool create(Map<String, String> config) {
        return new Fts3TransferTool(Fts3Config.from(config));
    }
}
