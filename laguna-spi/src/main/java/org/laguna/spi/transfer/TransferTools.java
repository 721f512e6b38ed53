package org.laguna.spi.transfer;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The transfer tool plugins on the class path, by name. */
public final class TransferTools {
    private final Map<String, TransferToolFactory> byName = new TreeMap<>();

    private TransferTools() {
    }

    public static TransferTools load() {
        TransferTools tools = new TransferTools();
        for (TransferToolFactory factory : ServiceLoader.load(TransferToolFactory.class)) {
            tools.byName.putIfAbsent(factory.name(), factory);
        }
        return tools;
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public TransferTool create(String name, Map<String, String> config) {
        TransferToolFactory factory = byName.get(name);
        if (factory == null) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "No transfer tool named '" + name + "' (known: "
                    + String.join(", ", byName.keySet()) + ")");
        }
        return factory.create(config);
    }
}
