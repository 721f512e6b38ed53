package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.webjars.WebJarVersionLocator;

/**
 * The UI's static files, from the class path: htmx and its SSE extension from their WebJars (nothing is
 * fetched from the internet), and the UI's own style sheet. Each is read once, when the server starts.
 */
final class Assets {
    private record Asset(String contentType, byte[] bytes) {
    }

    private final Map<String, Asset> assets = new LinkedHashMap<>();

    Assets() {
        WebJarVersionLocator locator = new WebJarVersionLocator();
        put("htmx.min.js", "text/javascript; charset=utf-8", webJar(locator, "htmx.org", "dist/htmx.min.js"));
        put("sse.js", "text/javascript; charset=utf-8", webJar(locator, "htmx-ext-sse", "sse.js"));
        put("laguna.css", "text/css; charset=utf-8", "ui/laguna.css");
    }

    private static String webJar(WebJarVersionLocator locator, String webJar, String file) {
        String path = locator.fullPath(webJar, file);
        if (path == null) {
            throw new IllegalStateException("the WebJar " + webJar + " with " + file + " is not on the class path");
        }
        return path;
    }

    private void put(String name, String contentType, String resource) {
        try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the UI's file " + resource + " is not on the class path");
            }
            assets.put(name, new Asset(contentType, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/assets/{file}", this::serve);
    }

    private void serve(Context ctx) {
        Asset asset = assets.get(ctx.pathParam("file"));
        if (asset == null) {
            throw new LagunaException(ErrorCode.NOT_FOUND, "No file " + ctx.pathParam("file") + " in the UI's assets");
        }
        ctx.header("Cache-Control", "public, max-age=3600");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }
}
