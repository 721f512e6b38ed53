package org.laguna.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.laguna.spi.error.ErrorCode;

/**
 * Answers the requests that Jetty refuses before they reach a route (an undecodable path, a
 * malformed request line) with Rucio's error fields, like every other error, instead of an HTML page.
 */
public final class JettyErrorHandler extends ErrorHandler {
    /** As Jetty's own, but for every method, not only GET and POST: PUT and DELETE get the fields too. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        if (HttpStatus.hasNoBody(code)) {
            callback.succeeded();
            return true;
        }
        generateCacheControl(response);
        generateResponse(request, response, code, (String) request.getAttribute(ERROR_MESSAGE), null, callback);
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        response.getHeaders().put("ExceptionClass", rucioClass(code));
        response.getHeaders().put("ExceptionMessage", headerText(text(code, message)));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.write(true, ByteBuffer.wrap(body(code, message)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put("ExceptionClass", rucioClass(status));
        fields.put("ExceptionMessage", headerText(text(status, reason)));
        fields.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        return ByteBuffer.wrap(body(status, reason));
    }

    private static String rucioClass(int status) {
        return status >= 500 ? ErrorCode.INTERNAL.rucioClass() : ErrorCode.VALUE_ERROR.rucioClass();
    }

    private static String text(int status, String message) {
        String reason = HttpStatus.getMessage(status);
        return "Invalid request (" + status + " " + reason + ")" + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String headerText(String text) {
        StringBuilder ascii = new StringBuilder();
        for (char c : text.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return ascii.length() > 125 ? ascii.substring(0, 125) + "..." : ascii.toString();
    }

    private static byte[] body(int status, String message) {
        return Http.JSON.createObjectNode()
                .put("ExceptionClass", rucioClass(status))
                .put("ExceptionMessage", text(status, message))
                .toString().getBytes(StandardCharsets.UTF_8);
    }
}
