package org.laguna.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.time.Duration;
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
 * for a few seconds; with a window of zero each request is decided on its own. Each request gets
 * its own connection ({@code Connection: close} both ways).
 */
final class FailingProxy implements AutoCloseable {
    private final ServerSocket socket;
    private final int upstreamPort;
    private final double failureRate;
    private final Random random;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
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

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
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
    private boolean fail(String head) {
        if (windowNanos == 0) {
            return draw();
        }
        String[] line = head.substring(0, Math.max(0, head.indexOf('\r'))).split(" ");
        String object = line.length > 1 ? line[1].replaceFirst("\\?.*", "") : "";
        long now = System.nanoTime();
        long until = failingUntil.computeIfAbsent(object, o -> draw() ? now + windowNanos : 0L);
        return until != 0 && now < until;
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            String head = readHead(in);
            if (head == null) {
                return;
            }
            requests.incrementAndGet();
            if (fail(head)) {
                failed.incrementAndGet();
                skipBody(in, head);
                byte[] body = "<Error><Code>ServiceUnavailable</Code><Message>injected by the chaos benchmark</Message></Error>"
                        .getBytes(StandardCharsets.UTF_8);
                client.getOutputStream().write(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/xml\r\nContent-Length: "
                        + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().write(body);
                client.getOutputStream().flush();
                return;
            }
            forward(client, in, head);
        } catch (IOException e) {
            // the client or the server went away; the client sees a failed request
        }
    }

    private void forward(Socket client, InputStream in, String head) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            OutputStream up = upstream.getOutputStream();
            up.write(closing(head).getBytes(StandardCharsets.ISO_8859_1));
            up.flush();
            Thread pump = Thread.ofVirtual().start(() -> {
                try {
                    in.transferTo(up);
                } catch (IOException e) {
                    // the upstream closed after answering
                }
            });
            upstream.getInputStream().transferTo(client.getOutputStream());
            client.getOutputStream().flush();
            pump.interrupt();
        }
    }

    /** The request head with its connection headers replaced by {@code Connection: close}. */
    private static String closing(String head) {
        StringBuilder out = new StringBuilder();
        for (String line : head.split("\r\n")) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (!(lower.startsWith("connection:") || lower.startsWith("upgrade:") || lower.startsWith("http2-settings:")
                    || lower.startsWith("keep-alive:"))) {
                out.append(line).append("\r\n");
            }
        }
        return out.append("Connection: close\r\n\r\n").toString();
    }

    /** Reads the request line and headers (up to the blank line), or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    private static void skipBody(InputStream in, String head) throws IOException {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                in.skipNBytes(Long.parseLong(line.substring(line.indexOf(':') + 1).trim()));
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
    }
}
