package org.laguna.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * How large a request body may be: {@code http.max-body-bytes} (16 MiB) for ordinary JSON calls,
 * {@code http.max-bulk-body-bytes} (64 MiB) for the bulk calls that take lists of files or DIDs.
 * A body announced larger by {@code Content-Length} is refused before a byte is read; a body sent
 * without a length (chunked) is refused as soon as it passes the limit while being read. The
 * streamed NDJSON import has no total limit, but each of its lines is held to the ordinary one.
 */
public record BodyLimits(long maxBodyBytes, long maxBulkBodyBytes) {
    public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
    public static final long DEFAULT_MAX_BULK_BODY_BYTES = 64L * 1024 * 1024;
    public static final BodyLimits DEFAULTS = new BodyLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BULK_BODY_BYTES);

    private static final String LIMIT_ATTRIBUTE = "laguna.body-limit";
    private static final int BUFFER = 8192;
    private static final Pattern BULK_POST = Pattern.compile(
            "/replicas|/replicas/list|/replicas/bad|/dids|/dids/attachments|/dids/[^/]+/[^/]+/dids|/locks/bulk_locks_for_dids");
    private static final Pattern BULK_PUT_DELETE = Pattern.compile("/replicas");
    private static final Pattern EXTRA_SLASHES = Pattern.compile("/{2,}");

    public BodyLimits {
        if (maxBodyBytes < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "http.max-body-bytes must be positive, got " + maxBodyBytes);
        }
        if (maxBulkBodyBytes < maxBodyBytes) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "http.max-bulk-body-bytes (" + maxBulkBodyBytes
                    + ") must be at least http.max-body-bytes (" + maxBodyBytes + ")");
        }
    }

    public static BodyLimits load(Path home, Map<String, String> env) {
        return from(ConfigSource.load(home, env));
    }

    /** Reads the settings from a source already loaded (the one the whole process reads). */
    public static BodyLimits from(ConfigSource source) {
        long body = source.getBytes("http.max-body-bytes", DEFAULT_MAX_BODY_BYTES);
        long bulk = source.getBytes("http.max-bulk-body-bytes", Math.max(body, DEFAULT_MAX_BULK_BODY_BYTES));
        return new BodyLimits(body, bulk);
    }

    /** The limit of one call, by method and path. */
    public long limitFor(HandlerType method, String path) {
        String normal = EXTRA_SLASHES.matcher(path).replaceAll("/");
        if (normal.length() > 1 && normal.endsWith("/")) {
            normal = normal.substring(0, normal.length() - 1);
        }
        boolean bulk = method.equals(HandlerType.POST) ? BULK_POST.matcher(normal).matches()
                : (method.equals(HandlerType.PUT) || method.equals(HandlerType.DELETE)) && BULK_PUT_DELETE.matcher(normal).matches();
        return bulk ? maxBulkBodyBytes : maxBodyBytes;
    }

    /** Before every call: remembers its limit and refuses a body announced larger than it. */
    public void handle(Context ctx) {
        long limit = limitFor(ctx.method(), ctx.path());
        ctx.attribute(LIMIT_ATTRIBUTE, limit);
        long announced = ctx.req().getContentLengthLong();
        if (announced > limit && !isStreamedImport(ctx)) {
            throw tooLarge("the request body", announced + " bytes", limit);
        }
    }

    /** The whole body of a call, read up to its limit; a 413 as soon as it is longer. */
    public static byte[] read(Context ctx) {
        long limit = limitOf(ctx);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > limit) {
                    throw tooLarge("the request body", "more than " + limit + " bytes", limit);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "cannot read the request body: " + e.getMessage(), e);
        }
    }

    /** The body of a streamed NDJSON call: any length, but no line longer than the ordinary limit. */
    public static InputStream lines(Context ctx) throws IOException {
        return new LineLimitedInputStream(ctx.req().getInputStream(), limitOf(ctx));
    }

    private static long limitOf(Context ctx) {
        Long limit = ctx.attribute(LIMIT_ATTRIBUTE);
        return Optional.ofNullable(limit).orElse(DEFAULT_MAX_BODY_BYTES);
    }

    private static boolean isStreamedImport(Context ctx) {
        return ctx.method().equals(HandlerType.POST) && EXTRA_SLASHES.matcher(ctx.path()).replaceAll("/").startsWith("/replicas/import");
    }

    static LagunaException tooLarge(String what, String size, long limit) {
        return new LagunaException(ErrorCode.REQUEST_TOO_LARGE, what + " is too large: " + size + ", at most " + limit
                + " bytes are accepted");
    }
}
