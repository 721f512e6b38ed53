package org.laguna.core.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Plain values (text, numbers, booleans, lists, maps) to and from the JSON of jsonb columns. */
public final class JsonValues {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonValues() {
    }

    public static Object read(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (IOException e) {
            return text;
        }
    }

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Cannot store value " + value);
        }
    }
}
