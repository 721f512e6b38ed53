package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.laguna.core.transfer.TransferMatrix;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * {@code GET /requests/matrix?hours=N} or {@code ?since=ISO-8601} (a Laguna extension): transfers
 * done and failed, and bytes moved, per source and destination RSE over the window (24 hours by
 * default). Registered before Rucio's {@code /requests/...} routes.
 */
public final class TransferMatrixResource implements Resource {
    static final int MAX_HOURS = 24 * 366;

    private final TransferMatrix matrix;

    public TransferMatrixResource(TransferMatrix matrix) {
        this.matrix = Objects.requireNonNull(matrix, "matrix is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/requests/matrix", this::matrix);
    }

    private void matrix(Context ctx) {
        Instant now = Instant.now();
        Instant since = since(ctx.queryParam("hours"), ctx.queryParam("since"), now);
        var links = matrix.since(Http.caller(ctx), since).stream().map(l -> Http.ordered("source_rse", l.source().orElse(null),
                "dest_rse", l.destination(), "done", l.done(), "failed", l.failed(), "bytes", l.bytes())).toList();
        Http.json(ctx, Http.ordered("since", Http.date(since), "until", Http.date(now), "links", links));
    }

    static Instant since(String hours, String since, Instant now) {
        if (hours != null && since != null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Give either hours or since, not both");
        }
        if (since != null) {
            try {
                return Instant.parse(since);
            } catch (DateTimeParseException e) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "since must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got '"
                        + since + "'");
            }
        }
        if (hours == null) {
            return now.minus(Duration.ofHours(24));
        }
        int value;
        try {
            value = Integer.parseInt(hours);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > MAX_HOURS) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "hours must be a whole number from 1 to " + MAX_HOURS + ", got '" + hours + "'");
        }
        return now.minus(Duration.ofHours(value));
    }
}
