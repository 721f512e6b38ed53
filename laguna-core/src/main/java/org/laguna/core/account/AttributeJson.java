package org.laguna.core.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** JSON values of attributes, as stored in jsonb columns. */
final class AttributeJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AttributeJson() {
    }

    static Object read(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (IOException e) {
            return text;
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Cannot store value " + value);
        }
    }
}
