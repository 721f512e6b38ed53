package org.laguna.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.io.EofException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors become HTTP answers: the status of the error code, Rucio's
 * {@code ExceptionClass} and {@code ExceptionMessage} headers, and the same two fields as a JSON
 * body, plus the code itself ({@link ErrorCode#HEADER}) so that Laguna's client gets back exactly the
 * code the server raised even where two codes share a Rucio class. Anything that is not a
 * {@link LagunaException} is an internal error: its details go to the log under an id, never to the client.
 */
public final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HEADER_MESSAGE_LIMIT = 125;

    private ErrorMapper() {
    }

    public static void handle(Exception exception, Context ctx) {
        if (clientGone(exception)) {
            LOG.info("Client went away during {} {}: {}", ctx.method(), ctx.path(), exception.getMessage());
            return;
        }
        if (exception instanceof HttpResponseException response) {
            int status = response.getStatus();
            write(ctx, status, ErrorCode.forHttpStatus(status), response.getMessage());
            return;
        }
        if (exception instanceof LagunaException laguna) {
            if (laguna.code().httpStatus() >= 500) {
                LOG.error("{} on {} {}: {}", laguna.code(), ctx.method(), ctx.path(), laguna.getMessage(), laguna);
            }
            write(ctx, laguna.code(), laguna.getMessage());
            return;
        }
        if (exception instanceof JsonProcessingException json) {
            write(ctx, ErrorCode.VALUE_ERROR, "cannot decode json parameter: " + json.getOriginalMessage());
            return;
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Internal error {} on {} {}", id, ctx.method(), ctx.path(), exception);
        write(ctx, ErrorCode.INTERNAL, "Internal error, see the server log for id " + id);
    }

    /** The answer to a path no route matches (unless a route already wrote an error). */
    public static void noSuchEndpoint(Context ctx) {
        if (ctx.res().getHeader("ExceptionClass") == null) {
            write(ctx, ErrorCode.NOT_FOUND, "No endpoint " + ctx.method() + " " + ctx.path());
        }
    }

    /** The answer to a method the path has no route for (unless a route already wrote an error). */
    public static void methodNotAllowed(Context ctx) {
        if (ctx.res().getHeader("ExceptionClass") == null) {
            write(ctx, 405, "MethodNotAllowed", "Method " + ctx.method() + " not allowed on " + ctx.path());
        }
    }

    /** Writes the error of a code: its status, its Rucio class, and the code itself for Laguna's client. */
    public static void write(Context ctx, ErrorCode code, String message) {
        write(ctx, code.httpStatus(), code, message);
    }

    private static void write(Context ctx, int status, ErrorCode code, String message) {
        ctx.header(ErrorCode.HEADER, code.name());
        write(ctx, status, code.rucioClass(), message);
    }

    /** True if the failure is the client closing the connection (while the answer was written, or before). */
    static boolean clientGone(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientGoneException || cause instanceof EofException || cause instanceof ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    public static void write(Context ctx, int status, String exceptionClass, String message) {
        String clean = message == null ? "" : message.replace('\n', ' ').replace('\r', ' ');
        String header = clean.length() > HEADER_MESSAGE_LIMIT ? clean.substring(0, HEADER_MESSAGE_LIMIT) + "..." : clean;
        Map<String, String> body = new LinkedHashMap<>();
        body.put("ExceptionClass", exceptionClass);
        body.put("ExceptionMessage", clean);
        ctx.status(status);
        ctx.header("ExceptionClass", exceptionClass);
        ctx.header("ExceptionMessage", asciiOnly(header));
        ctx.contentType("application/octet-stream");
        try {
            // bytes, not a String: a String would be encoded in ISO-8859-1 (no charset in the content type), garbling non-ASCII names
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            ctx.result("{}");
        }
    }

    private static String asciiOnly(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }
}
