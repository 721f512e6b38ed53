package org.laguna.transfer.fts3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Adler32;

/**
 * A stand-in for FTS3 on loopback that really moves bytes: it answers FTS3's REST API for
 * submissions ({@code POST /jobs}) and job states ({@code GET /jobs/ID,...}) in the shape of
 * FTS3's recorded answers, and copies each file at once between the local paths of its PFNs
 * (whatever their scheme), or, for {@code http(s)} URLs such as pre-signed S3 ones, with plain HTTP
 * GET and PUT. As FTS3 does, it tries a file's sources in order (one entry per source,
 * later ones NOT_USED after a success), fails a file whose bytes do not match the announced
 * adler32 when checksums are verified (leaving nothing at the destination), ends a job FINISHED,
 * FINISHEDDIRTY or FAILED, and answers 404 naming the job for one it never gave.
 */
public final class LoopbackFts3 implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final HttpServer server;
    private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
    private final List<JsonNode> submissions = new CopyOnWriteArrayList<>();
    private final List<String> httpRequests = new CopyOnWriteArrayList<>();

    private LoopbackFts3(HttpServer server) {
        this.server = server;
        server.createContext("/jobs", this::handle);
        server.start();
    }

    /** Starts one on a free loopback port. */
    public static LoopbackFts3 start() {
        try {
            return new LoopbackFts3(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL to give as {@code transfer.fts3.url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The bodies of the submissions received, in order. */
    public List<JsonNode> submissions() {
        return Collections.unmodifiableList(submissions);
    }

    /** The plain HTTP requests it made to copy files given as {@code http(s)} URLs: method, space, URL; in order. */
    public List<String> httpRequests() {
        return Collections.unmodifiableList(httpRequests);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/jobs")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                submissions.add(body);
                String id = UUID.randomUUID().toString();
                jobs.put(id, run(id, body));
                answer(exchange, 200, JSON.createObjectNode().put("job_id", id));
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/jobs/")) {
                report(exchange, path.substring("/jobs/".length()).split(","));
            } else {
                answer(exchange, 400, JSON.createObjectNode().put("status", "400 Bad Request").put("message", "not expected here"));
            }
        }
    }

    /** One job as an object (404 naming it when unknown), several as a list with a 404 status inside for each unknown one. */
    private void report(HttpExchange exchange, String[] ids) throws IOException {
        ArrayNode answer = JSON.createArrayNode();
        for (String id : ids) {
            ObjectNode job = jobs.get(id);
            answer.add(job != null ? job : JSON.createObjectNode().put("job_id", id).put("http_status", "404 Not Found")
                    .put("http_message", "No job with the id \"" + id + "\" has been found"));
        }
        if (ids.length == 1) {
            answer(exchange, jobs.containsKey(ids[0]) ? 200 : 404, answer.get(0));
        } else {
            answer(exchange, 207, answer);
        }
    }

    private ObjectNode run(String id, JsonNode body) {
        boolean verify = !"none".equals(body.at("/params/verify_checksum").asText("none"));
        ArrayNode files = JSON.createArrayNode();
        List<String> requests = new ArrayList<>();
        List<String> done = new ArrayList<>();
        int fileId = 1;
        for (JsonNode file : body.get("files")) {
            String destination = file.get("destinations").get(0).asText();
            String requestId = file.path("metadata").path("request_id").asText();
            requests.add(requestId);
            boolean copied = false;
            for (JsonNode source : file.get("sources")) {
                ObjectNode status = files.addObject();
                status.put("file_id", fileId++).put("source_surl", source.asText()).put("dest_surl", destination)
                        .put("filesize", file.path("filesize").asLong());
                status.set("file_metadata", file.get("metadata"));
                if (copied) {
                    status.put("file_state", "NOT_USED").put("reason", "");
                    continue;
                }
                String failure = copy(source.asText(), destination, verify ? file.path("checksum").asText("") : "");
                status.put("file_state", failure == null ? "FINISHED" : "FAILED").put("reason", failure == null ? "" : failure)
                        .put("start_time", "2026-11-25T14:01:12").put("finish_time", "2026-11-25T14:02:40");
                copied = failure == null;
            }
            if (copied) {
                done.add(requestId);
            }
        }
        String state = done.size() == requests.size() ? "FINISHED" : done.isEmpty() ? "FAILED" : "FINISHEDDIRTY";
        ObjectNode job = JSON.createObjectNode().put("job_id", id).put("job_state", state).put("job_type", "N").put("http_status", "200 Ok");
        job.set("files", files);
        return job;
    }

    /**
     * Copies one file; the reason it failed, or null. A PFN of any other scheme is read or written at its local path; an
     * {@code http(s)} URL (a pre-signed one) with a plain GET or PUT and no credentials of its own, as FTS3 does with
     * such URLs. The bytes stream through a temporary file, so files of any size pass.
     */
    private String copy(String source, String destination, String checksum) {
        Path part = null;
        try {
            part = Files.createTempFile("loopback-fts3", ".part");
            Adler32 adler = new Adler32();
            String failure = read(source, part, adler);
            if (failure != null) {
                return failure;
            }
            if (checksum.toLowerCase(Locale.ROOT).startsWith("adler32:")) {
                String actual = String.format(Locale.ROOT, "%08x", adler.getValue());
                String expected = checksum.substring("adler32:".length());
                if (!actual.equalsIgnoreCase(expected)) {
                    return "TRANSFER CHECKSUM MISMATCH Source and user-defined ADLER32 do not match (" + actual + " != " + expected + ")";
                }
            }
            return write(part, destination);
        } catch (NoSuchFileException e) {
            return "SOURCE [2] Result No such file or directory after 1 attempts: " + source;
        } catch (IOException e) {
            return "TRANSFER " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "TRANSFER interrupted";
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // a temporary file
                }
            }
        }
    }

    private static boolean http(String url) {
        return url.startsWith("http://") || url.startsWith("https://");
    }

    /** Reads the source into the file, adding its bytes to the checksum; the reason it failed, or null. */
    private String read(String source, Path into, Adler32 adler) throws IOException, InterruptedException {
        InputStream in;
        if (http(source)) {
            HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(source)).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            httpRequests.add("GET " + source);
            if (response.statusCode() != 200) {
                response.body().close();
                return "SOURCE [" + (response.statusCode() == 404 ? 2 : 13) + "] HTTP " + response.statusCode() + " on GET " + source;
            }
            in = response.body();
        } else {
            in = Files.newInputStream(Path.of(URI.create(source).getPath()));
        }
        try (in; OutputStream out = Files.newOutputStream(into)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                adler.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return null;
    }

    /** Writes the file to the destination, whole or not at all; the reason it failed, or null. */
    private String write(Path part, String destination) throws IOException, InterruptedException {
        if (http(destination)) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(destination))
                    .PUT(HttpRequest.BodyPublishers.ofFile(part)).build(), HttpResponse.BodyHandlers.ofString());
            httpRequests.add("PUT " + destination);
            return response.statusCode() / 100 == 2 ? null
                    : "DESTINATION [13] HTTP " + response.statusCode() + " on PUT " + destination + ": " + response.body();
        }
        Path to = Path.of(URI.create(destination).getPath());
        Files.createDirectories(to.getParent());
        Path placed = to.resolveSibling(to.getFileName() + ".fts-part");
        Files.copy(part, placed, StandardCopyOption.REPLACE_EXISTING);
        Files.move(placed, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return null;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
