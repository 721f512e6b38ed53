package org.laguna.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.Consumer;

/**
 * Streams a list as {@code application/x-json-stream}: one JSON object per line, written while the
 * rows come from a database cursor, so memory does not grow with the number of rows. The first
 * bytes go out only after the first row is produced, so an error raised before it still becomes
 * a proper HTTP error.
 */
public final class NdjsonWriter implements Consumer<Object>, AutoCloseable {
    private static final int FLUSH_EVERY = 1_000;
    private static final ObjectWriter WRITER = Http.JSON.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private final OutputStream out;
    private long rows;

    private NdjsonWriter(OutputStream out) {
        this.out = out;
    }

    /** Runs the producer, which calls the writer once per row. */
    public static long stream(Context ctx, Consumer<Consumer<Object>> producer) {
        ctx.contentType(Http.JSON_STREAM);
        try (NdjsonWriter writer = new NdjsonWriter(ctx.outputStream())) {
            producer.accept(writer);
            return writer.rows;
        }
    }

    @Override
    public void accept(Object row) {
        try {
            WRITER.writeValue(out, row);
            out.write('\n');
            if (++rows % FLUSH_EVERY == 0) {
                out.flush();
            }
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }
}
