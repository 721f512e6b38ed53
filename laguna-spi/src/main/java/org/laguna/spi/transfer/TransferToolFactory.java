package org.laguna.spi.transfer;

import java.util.Map;

/**
 * Creates a {@link TransferTool} from its configuration (the server's {@code transfer.<name>.*}
 * keys, with the prefix removed). Implementations are found with {@link java.util.ServiceLoader}.
 */
public interface TransferToolFactory {
    /** The tool's name, as written in the server's {@code transfer.tool} setting. */
    String name();

    TransferTool create(Map<String, String> config);
}
