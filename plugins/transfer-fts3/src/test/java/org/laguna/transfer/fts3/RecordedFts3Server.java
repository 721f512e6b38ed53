package org.laguna.transfer.fts3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A real HTTP(S) server on loopback that answers like FTS3's REST API with recorded answers
 * (files under {@code src/test/resources/fts3}) and keeps every request it received.
 */
final class RecordedFts3Server implements AutoCloseable {
    /** One request as the server saw it. */
    record Received(String method, String pathAndQuery, Map<String, List<String>> headers, String body, String clientSubject) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private record Answer(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile boolean stalled;

    private RecordedFts3Server(HttpServer server) {
        this.server = server;
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static RecordedFts3Server http() {
        try {
            return new RecordedFts3Server(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTPS server that presents the context's certificate and demands a client certificate. */
    static RecordedFts3Server https(SSLContext context) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(context) {
                @Override
                public void configure(HttpsParameters parameters) {
                    parameters.setNeedClientAuth(true);
                }
            });
            return new RecordedFts3Server(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers requests with this method and path (query excluded) with a recorded file. */
    RecordedFts3Server answer(String method, String path, int status, String resource) {
        return answerWith(method, path, status, resource(resource));
    }

    RecordedFts3Server answerWith(String method, String path, int status, String body) {
        answers.put(method + " " + path, new Answer(status, body));
        return this;
    }

    /** Makes every request wait without an answer until the server is closed. */
    void stall() {
        stalled = true;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    Received last() {
        if (received.isEmpty()) {
            throw new AssertionError("the server received no request");
        }
        return received.get(received.size() - 1);
    }

    static String resource(String name) {
        try (InputStream in = RecordedFts3Server.class.getResourceAsStream("/fts3/" + name)) {
            Objects.requireNonNull(in, "no test resource fts3/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String subject = null;
            if (exchange instanceof HttpsExchange secure) {
                try {
                    Certificate[] peer = secure.getSSLSession().getPeerCertificates();
                    subject = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
                } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                    subject = null;
                }
            }
            URI uri = exchange.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            received.add(new Received(exchange.getRequestMethod(), pathAndQuery, Map.copyOf(exchange.getRequestHeaders()), body, subject));
            if (stalled) {
                released.await(30, TimeUnit.SECONDS);
                return;
            }
            Answer answer = answers.get(exchange.getRequestMethod() + " " + uri.getRawPath());
            if (answer == null) {
                answer = new Answer(404, "{\"status\": \"404 Not Found\", \"message\": \"The resource could not be found.\"}");
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (answer.status() == 304 || bytes.length == 0) {
                exchange.sendResponseHeaders(answer.status(), -1);
            } else {
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                exchange.getResponseBody().write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    static List<String> paths(List<Received> requests) {
        List<String> paths = new ArrayList<>();
        requests.forEach(r -> paths.add(r.method() + " " + r.pathAndQuery()));
        return paths;
    }
}
