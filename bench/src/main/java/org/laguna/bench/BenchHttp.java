package org.laguna.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Raw REST calls as the Rucio client makes them. */
final class BenchHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PEAK = Pattern.compile("(?m)^laguna_jvm_heap_peak_bytes\\S*\\s+(\\S+)$");
    private static final Pattern DAEMON_FAILURES = Pattern.compile("(?m)^laguna_daemon_failures_total\\S*\\s+(\\S+)$");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String url;
    private String token;

    BenchHttp(String url) {
        this.url = url;
    }

    void login(String account, String username, String password) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/auth/userpass"))
                .header("X-Rucio-Account", account).header("X-Rucio-Username", username)
                .header("X-Rucio-Password", password).GET().build(), HttpResponse.BodyHandlers.ofString());
        check(response, "login");
        token = response.headers().firstValue("X-Rucio-Auth-Token").orElseThrow();
    }

    String send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("X-Rucio-Auth-Token", token).method(method, publisher).build(), HttpResponse.BodyHandlers.ofString());
        check(response, method + " " + path);
        return response.body();
    }

    /** The HTTP status of a request, whatever it is. */
    int status(String method, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url + path)).header("X-Rucio-Auth-Token", token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Sends a prepared text body (NDJSON) and returns the answer's text. */
    String sendText(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("X-Rucio-Auth-Token", token).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        check(response, method + " " + path);
        return response.body();
    }

    /** Sends a file's bytes as the body, streamed from disk, and returns the answer's text. */
    String sendFile(String method, String path, Path file) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("X-Rucio-Auth-Token", token).method(method, HttpRequest.BodyPublishers.ofFile(file)).build(),
                HttpResponse.BodyHandlers.ofString());
        check(response, method + " " + path);
        return response.body();
    }

    /** Streams an NDJSON answer and returns the number of lines. */
    long countLines(String method, String path, Object body) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("X-Rucio-Auth-Token", token)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + reader.readLine());
            }
            long lines = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines++;
                }
            }
            return lines;
        }
    }

    /**
     * Sends a request with the given {@code Accept} header and streams the answer, counting the
     * lines that contain {@code marker} (every non-blank line when it is null).
     */
    long countStreamed(String method, String path, Object body, String accept, String marker) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).header("X-Rucio-Auth-Token", token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (accept != null) {
            request.header("Accept", accept);
        }
        HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() / 100 != 2) {
                throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + reader.readLine());
            }
            long count = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                if (marker == null ? !line.isBlank() : line.contains(marker)) {
                    count++;
                }
            }
            return count;
        }
    }

    /** The server's heap peak (bytes) from /metrics, or -1 when it does not say. */
    long heapPeak() throws IOException, InterruptedException {
        return (long) metricSum(PEAK);
    }

    /** Failed daemon cycles since the server started, all daemons together (Laguna's {@code /metrics}), or -1 when it does not say. */
    long daemonFailures() throws IOException, InterruptedException {
        return (long) metricSum(DAEMON_FAILURES);
    }

    /**
     * The sum of the values of every series the pattern matches in /metrics, or -1 when none does.
     * The server shows its metrics to administrators only (unless made public): log in as one first.
     */
    private double metricSum(Pattern series) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/metrics")).GET();
        if (token != null) {
            request.header("X-Rucio-Auth-Token", token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = series.matcher(response.body());
        double sum = -1;
        while (m.find()) {
            sum = Math.max(sum, 0) + Double.parseDouble(m.group(1));
        }
        return sum;
    }

    String url() {
        return url;
    }

    String token() {
        return token;
    }

    private static void check(HttpResponse<String> response, String what) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IOException(what + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
