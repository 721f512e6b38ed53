package org.laguna.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * HTTP/1.1 over a plain socket, one connection per request: sends exactly the bytes a test asks
 * for (undecodable paths, NUL, a Content-Length with no body, chunked bodies), which the JDK's
 * client refuses to do.
 */
public final class RawHttp {
    private final String host;
    private final int port;
    private final Duration timeout;

    public RawHttp(String host, int port, Duration timeout) {
        this.host = Objects.requireNonNull(host, "host is null");
        this.port = port;
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
    }

    /** How the body goes out: with its Content-Length, chunked, or only announced (the length header, no bytes). */
    public enum BodyMode { LENGTH, CHUNKED, ANNOUNCED_ONLY }

    /** A request as sent on the wire; {@code target} is the path and query exactly as written. */
    public record Request(String method, String target, Map<String, String> headers, byte[] body, BodyMode mode, long announcedLength) {
        public Request {
            Objects.requireNonNull(method, "method is null");
            Objects.requireNonNull(target, "target is null");
            headers = Map.copyOf(headers);
            body = body == null ? new byte[0] : body;
            Objects.requireNonNull(mode, "mode is null");
        }

        public static Request of(String method, String target, Map<String, String> headers, byte[] body) {
            return new Request(method, target, headers, body, BodyMode.LENGTH, body == null ? 0 : body.length);
        }

        /** A short description for failure messages: the method, the target and the start of the body. */
        public String describe() {
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return method + " " + target + " " + mode + " [" + text.replace("\u0000", "\\u0000") + (body.length > 300 ? "..." : "") + "]";
        }
    }

    /** An answer; status 0 when the server closed the connection without one. */
    public record Response(int status, Map<String, String> headers, String body) {
        static final Response NONE = new Response(0, Map.of(), "");

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public Response send(Request request) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(Math.toIntExact(timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head(request).getBytes(StandardCharsets.ISO_8859_1));
                writeBody(out, request);
                out.flush();
            } catch (IOException answeredEarly) {
                // the server may answer and close before it has read the whole body; its answer is still there
            }
            return read(socket.getInputStream());
        } catch (ClosedBeforeAnswer e) {
            return Response.NONE;
        } catch (SocketTimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout + " to " + request.describe(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot call " + request.describe(), e);
        }
    }

    private String head(Request request) {
        StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " HTTP/1.1\r\n");
        head.append("Host: ").append(host).append(':').append(port).append("\r\nConnection: close\r\n");
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        switch (request.mode()) {
            case LENGTH -> head.append("Content-Length: ").append(request.body().length).append("\r\n");
            case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
            case ANNOUNCED_ONLY -> head.append("Content-Length: ").append(request.announcedLength()).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    private static void writeBody(OutputStream out, Request request) throws IOException {
        switch (request.mode()) {
            case LENGTH -> out.write(request.body());
            case CHUNKED -> {
                int chunk = 8192;
                for (int offset = 0; offset < request.body().length; offset += chunk) {
                    int length = Math.min(chunk, request.body().length - offset);
                    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(request.body(), offset, length);
                    out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            case ANNOUNCED_ONLY -> {
                // the length is announced, the bytes never come
            }
        }
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine.isEmpty()) {
            throw new ClosedBeforeAnswer();
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP answer: '" + statusLine + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Response(Integer.parseInt(parts[1]), headers, body(in, headers));
    }

    private static String body(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                out.write(in.readNBytes(size));
                line(in);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
        String length = headers.get("content-length");
        byte[] bytes = length != null ? in.readNBytes(Integer.parseInt(length)) : in.readAllBytes();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The server closed the connection (a refused request line, say) before sending a byte of an answer. */
    private static final class ClosedBeforeAnswer extends IOException {
        ClosedBeforeAnswer() {
            super("connection closed before the answer");
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
