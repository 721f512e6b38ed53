package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidListings;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code GET /archives/{scope}/{name}/files}: the files inside an archive file, one line each
 * with {@code scope}, {@code name}, {@code bytes}, {@code adler32} and {@code md5}. Names may contain
 * slashes: the scope is the first segment, the name what lies between it and {@code /files}.
 */
public final class ArchiveResource implements Resource {
    private static final String SUFFIX = "/files";

    private final DidListings listings;

    public ArchiveResource(DidListings listings) {
        this.listings = Objects.requireNonNull(listings, "listings is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/archives/<rest>", this::content);
    }

    private void content(Context ctx) {
        String rest = ctx.pathParam("rest");
        int slash = rest.indexOf('/');
        if (!rest.endsWith(SUFFIX) || slash < 1 || slash >= rest.length() - SUFFIX.length()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Cannot parse scope and name from '" + rest + "': use /archives/{scope}/{name}/files");
        }
        DidKey archive = new DidKey(rest.substring(0, slash), rest.substring(slash + 1, rest.length() - SUFFIX.length()));
        NdjsonWriter.stream(ctx, out -> listings.listArchiveContent(archive, f -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", f.scope());
            row.put("name", f.name());
            row.put("bytes", f.bytes());
            row.put("adler32", f.adler32());
            row.put("md5", f.md5());
            out.accept(row);
        }));
    }
}
