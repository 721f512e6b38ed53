package org.laguna.server.ui;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser, for the server-side tests: it keeps the cookies the UI sets, follows
 * no redirect, and sends forms as a browser does. It reads the CSRF token from the last page.
 */
final class UiClient {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]*)\"");

    record Page(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).findFirst()
                    .map(e -> e.getValue().getFirst()).orElse(null);
        }

        List<String> setCookies() {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("Set-Cookie")).findFirst()
                    .map(Map.Entry::getValue).orElse(List.of());
        }

        String csrf() {
            Matcher matcher = CSRF.matcher(body);
            if (!matcher.find()) {
                throw new IllegalStateException("no CSRF token on the page:\n" + body);
            }
            return matcher.group(1);
        }
    }

    private final String url;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private String lastCsrf = "";

    UiClient(String url) {
        this.url = url;
    }

    Page get(String path) {
        return get(path, Map.of());
    }

    Page get(String path, Map<String, String> headers) {
        return send(HttpRequest.newBuilder(URI.create(url + path)).GET(), headers);
    }

    /** Posts a form; {@code csrf} is added with the token of the last page unless the form has one. */
    Page post(String path, Map<String, String> form) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("csrf", lastCsrf);
        fields.putAll(form);
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)), Map.of());
    }

    /** Signs in through the form; answers the answer to the form's post. */
    Page signIn(String username, String password) {
        get("/ui/login");
        return post("/ui/login", Map.of("username", username, "password", password));
    }

    String cookie(String name) {
        return cookies.get(name);
    }

    void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    private Page send(HttpRequest.Builder builder, Map<String, String> headers) {
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; ")));
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Page page = new Page(response.statusCode(), response.headers().map(), response.body());
            for (String cookie : page.setCookies()) {
                String pair = cookie.split(";", 2)[0];
                int at = pair.indexOf('=');
                String value = pair.substring(at + 1);
                if (value.isEmpty() || cookie.contains("Max-Age=0")) {
                    cookies.remove(pair.substring(0, at));
                } else {
                    cookies.put(pair.substring(0, at), value);
                }
            }
            Matcher matcher = CSRF.matcher(page.body());
            if (matcher.find()) {
                lastCsrf = matcher.group(1);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
