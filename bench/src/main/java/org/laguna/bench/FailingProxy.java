package org.laguna.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 proxy in front of one server that answers {@code 503 Service Unavailable}
 * for a given share of the objects, chosen at random when an object is first asked for, and passes
 * the others on: the transfer failures of the chaos scenario, injected outside the server. A
 * chosen object keeps failing for a while ({@code window}), so that the S3 client's own quick
 * retries of a 503 fail too and the transfer attempt fails, as with a storage node that is down
 * for a few seconds; with a window of zero each request is decided on its own.
 *
 * <p>Connections are kept alive as HTTP/1.1 allows, on both sides: each client connection gets its
 * own connection to the server, used for its requests one after the other, and bodies are relayed
 * by their framing ({@code Content-Length} or chunked). A request that expects {@code 100 Continue}
 * is answered {@code 100} by the proxy once it decided to pass it on, or its 503 at once (and the
 * connection closed) when it is to fail, so the client never waits for a continue that is not coming.
 */
final class FailingProxy implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private static final byte[] UNAVAILABLE = "<Error><Code>ServiceUnavailable</Code><Message>injected by the chaos benchmark</Message></Error>"
            .getBytes(StandardCharsets.UTF_8);

    private final ServerSocket socket;
    private final int upstreamPort;
    private final double failureRate;
    private final Random random;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final long windowNanos;
    private final ConcurrentMap<String, Long> failingUntil = new ConcurrentHashMap<>();

    private FailingProxy(int upstreamPort, double failureRate, Duration window, long seed) throws IOException {
        this.windowNanos = window.toNanos();
        this.socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.failureRate = failureRate;
        this.random = new Random(seed);
        Thread acceptor = new Thread(this::accept, "failing-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Starts a proxy to {@code 127.0.0.1:upstreamPort} that fails {@code failureRate} (0..1) of the objects during
     * {@code window} from their first request (of the requests, when the window is zero).
     */
    static FailingProxy start(int upstreamPort, double failureRate, Duration window, long seed) throws IOException {
        return new FailingProxy(upstreamPort, failureRate, window, seed);
    }

    /** Objects that failed at least once. */
    long failedObjects() {
        return failingUntil.values().stream().filter(until -> until != 0).count();
    }

    int port() {
        return socket.getLocalPort();
    }

    long requests() {
        return requests.get();
    }

    long failed() {
        return failed.get();
    }

    /** Client connections accepted so far. */
    long connections() {
        return connections.get();
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                connections.incrementAndGet();
                workers.submit(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private boolean draw() {
        synchronized (random) {
            return random.nextDouble() < failureRate;
        }
    }

    /** Whether to fail this request: per object while its window lasts, or per request without a window. */
    private boolean fail(Head request) {
        if (windowNanos == 0) {
            return draw();
        }
        String[] line = request.start().split(" ");
        String object = line.length > 1 ? line[1].replaceFirst("\\?.*", "") : "";
        long now = System.nanoTime();
        long until = failingUntil.computeIfAbsent(object, o -> draw() ? now + windowNanos : 0L);
        return until != 0 && now < until;
    }

    /** Serves one client connection, request after request, over one connection to the server opened when first needed. */
    private void serve(Socket client) {
        Socket upstream = null;
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(client.getInputStream(), BUFFER);
            OutputStream out = new BufferedOutputStream(client.getOutputStream(), BUFFER);
            InputStream upIn = null;
            OutputStream upOut = null;
            while (true) {
                Head request = Head.read(in);
                if (request == null) {
                    return;
                }
                requests.incrementAndGet();
                boolean expectsContinue = "100-continue".equalsIgnoreCase(request.header("expect"));
                boolean clientCloses = "close".equalsIgnoreCase(request.header("connection")) || request.start().endsWith("HTTP/1.0");
                if (fail(request)) {
                    failed.incrementAndGet();
                    if (expectsContinue) {
                        // the body is not sent before a 100 that will not come: answer, and close the connection
                        respond(out, true);
                        client.shutdownOutput();
                        drain(client, in);
                        return;
                    }
                    relayBody(in, request, OutputStream.nullOutputStream());
                    respond(out, clientCloses);
                    if (clientCloses) {
                        return;
                    }
                    continue;
                }
                if (upstream == null) {
                    upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    upstream.setTcpNoDelay(true);
                    upIn = new BufferedInputStream(upstream.getInputStream(), BUFFER);
                    upOut = new BufferedOutputStream(upstream.getOutputStream(), BUFFER);
                }
                if (expectsContinue) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                upOut.write(request.without("expect", "connection", "keep-alive", "upgrade", "http2-settings", "proxy-connection")
                        .concat("\r\n").getBytes(StandardCharsets.ISO_8859_1));
                relayBody(in, request, upOut);
                upOut.flush();
                Head response = Head.read(upIn);
                while (response != null && response.status() / 100 == 1) {
                    response = Head.read(upIn); // an interim answer the client did not ask for
                }
                if (response == null) {
                    return; // the server went away: so does this connection, and the client sees a failed request
                }
                boolean noBody = request.start().startsWith("HEAD ") || response.status() == 204 || response.status() == 304;
                boolean delimited = noBody || response.header("content-length") != null || response.chunked();
                boolean serverCloses = "close".equalsIgnoreCase(response.header("connection")) || !delimited;
                boolean close = clientCloses || !delimited;
                out.write((response.without("connection", "keep-alive") + (close ? "Connection: close\r\n" : "") + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                if (!noBody) {
                    if (delimited) {
                        relayBody(upIn, response, out);
                    } else {
                        upIn.transferTo(out);
                    }
                }
                out.flush();
                if (serverCloses) {
                    upstream.close();
                    upstream = null;
                }
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client or the server went away; the client sees a failed request
        } finally {
            if (upstream != null) {
                try {
                    upstream.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
        }
    }

    private static void respond(OutputStream out, boolean close) throws IOException {
        out.write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: " + UNAVAILABLE.length
                + "\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(UNAVAILABLE);
        out.flush();
    }

    /** Reads what the client still sends (a body it sent anyway) until it closes, for a second at most, so it is not reset. */
    private static void drain(Socket client, InputStream in) {
        try {
            client.setSoTimeout(1_000);
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // gone or silent: close anyway
        }
    }

    /** Copies the body of a request or response, framed by its Content-Length or chunked encoding, from in to out. */
    private static void relayBody(InputStream in, Head head, OutputStream out) throws IOException {
        if (head.chunked()) {
            while (true) {
                String sizeLine = line(in);
                out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                int semicolon = sizeLine.indexOf(';');
                long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
                if (size == 0) {
                    String trailer;
                    do {
                        trailer = line(in);
                        out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    } while (!trailer.isEmpty());
                    return;
                }
                copy(in, out, size);
                String end = line(in);
                out.write((end + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        String length = head.header("content-length");
        if (length != null) {
            copy(in, out, Long.parseLong(length.trim()));
        }
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[(int) Math.min(BUFFER, Math.max(1, size))];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("body ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    /** One line up to CRLF (or LF), without it; null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (text.isEmpty()) {
                    return null;
                }
                throw new EOFException("line cut short");
            }
            if (b == '\n') {
                int last = text.length() - 1;
                return last >= 0 && text.charAt(last) == '\r' ? text.substring(0, last) : text.toString();
            }
            text.append((char) b);
        }
    }

    /** The start line and header lines of a request or response. */
    private record Head(String start, List<String> lines) {
        /** Reads a head up to its blank line, or null at the end of the stream. */
        static Head read(InputStream in) throws IOException {
            String start = line(in);
            if (start == null) {
                return null;
            }
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = line(in);
                if (line == null) {
                    throw new EOFException("head cut short");
                }
                if (line.isEmpty()) {
                    break;
                }
                lines.add(line);
            }
            return new Head(start, lines);
        }

        /** The first value of a header (name in lower case), or null. */
        String header(String name) {
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        boolean chunked() {
            String coding = header("transfer-encoding");
            return coding != null && coding.toLowerCase(Locale.ROOT).contains("chunked");
        }

        int status() {
            String[] parts = start.split(" ");
            return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        }

        /** The head without the named headers (lower case), each line ending in CRLF, without the blank line. */
        String without(String... names) {
            List<String> dropped = List.of(names);
            StringBuilder out = new StringBuilder(start).append("\r\n");
            for (String line : lines) {
                int colon = line.indexOf(':');
                String name = colon > 0 ? line.substring(0, colon).trim().toLowerCase(Locale.ROOT) : "";
                if (!dropped.contains(name)) {
                    out.append(line).append("\r\n");
                }
            }
            return out.toString();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
    }
}
