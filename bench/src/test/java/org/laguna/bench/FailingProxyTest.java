package org.laguna.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FailingProxyTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer upstream;

    @BeforeEach
    void startUpstream() throws Exception {
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] answer = ("got " + body.length + " bytes at " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
    }

    @AfterEach
    void stopUpstream() {
        upstream.stop(0);
    }

    private HttpResponse<String> put(FailingProxy proxy, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void passesRequestsOnWhenNothingIsToFail() throws Exception {
        try (FailingProxy proxy = FailingProxy.start(upstream.getAddress().getPort(), 0, Duration.ZERO, 1)) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = put(proxy, "/bucket/f" + i, "hello");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("got 5 bytes at /bucket/f" + i);
            }
            assertThat(proxy.requests()).isEqualTo(3);
            assertThat(proxy.failed()).isZero();
        }
    }

    @Test
    void anObjectChosenToFailAnswers503UntilItsWindowEnds() throws Exception {
        try (FailingProxy proxy = FailingProxy.start(upstream.getAddress().getPort(), 1, Duration.ofSeconds(3), 1)) {
            assertThat(put(proxy, "/bucket/f1", "hello").statusCode()).isEqualTo(503);
            assertThat(put(proxy, "/bucket/f1?retry=1", "hello").statusCode()).isEqualTo(503);
            Thread.sleep(3_100);
            assertThat(put(proxy, "/bucket/f1", "hello").statusCode()).isEqualTo(200);
            assertThat(proxy.failed()).isEqualTo(2);
            assertThat(proxy.failedObjects()).isEqualTo(1);
        }
    }
    @Test
    void keepsAClientsConnectionOpenAcrossRequests() throws Exception {
        try (FailingProxy proxy = FailingProxy.start(upstream.getAddress().getPort(), 0, Duration.ZERO, 1)) {
            for (int i = 0; i < 20; i++) {
                assertThat(put(proxy, "/bucket/f" + i, "hello").body()).isEqualTo("got 5 bytes at /bucket/f" + i);
            }
            assertThat(proxy.requests()).isEqualTo(20);
            assertThat(proxy.connections()).isEqualTo(1);
        }
    }

    @Test
    void aRequestWaitingForContinueGetsItsAnswerWithoutWaiting() throws Exception {
        try (FailingProxy passing = FailingProxy.start(upstream.getAddress().getPort(), 0, Duration.ZERO, 1);
                FailingProxy failing = FailingProxy.start(upstream.getAddress().getPort(), 1, Duration.ofSeconds(3), 1)) {
            HttpClient expecting = HttpClient.newBuilder().build();
            for (FailingProxy proxy : List.of(passing, failing)) {
                long start = System.nanoTime();
                HttpResponse<String> response = expecting.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/bucket/f"))
                        .expectContinue(true).timeout(Duration.ofSeconds(30)).PUT(HttpRequest.BodyPublishers.ofString("hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(proxy == passing ? 200 : 503);
                // far below the request's timeout (a loaded machine may take a few seconds)
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as(proxy == passing ? "passed on" : "failed")
                        .isLessThan(Duration.ofSeconds(10));
            }
        }
    }
}
