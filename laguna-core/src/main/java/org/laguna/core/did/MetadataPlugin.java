package org.laguna.core.did;

import java.util.Locale;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Which metadata a read shows, named as Rucio's metadata plugins. */
public enum MetadataPlugin {
    /** The columns of the DID. */
    DID_COLUMN,
    /** The keys that are not columns. */
    JSON,
    /** Both. */
    ALL;

    /** The plugin of that name in any case; {@code DID_COLUMN} if null. */
    public static MetadataPlugin parse(String plugin) {
        String which = plugin == null ? "DID_COLUMN" : plugin.strip().toUpperCase(Locale.ROOT);
        return switch (which) {
            case "DID_COLUMN" -> DID_COLUMN;
            case "JSON" -> JSON;
            case "ALL" -> ALL;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "Metadata plugin \"" + plugin + "\" is not enabled on the server; use DID_COLUMN, JSON or ALL");
        };
    }

    boolean showsColumns() {
        return this != JSON;
    }

    boolean showsKeys() {
        return this != DID_COLUMN;
    }
}
