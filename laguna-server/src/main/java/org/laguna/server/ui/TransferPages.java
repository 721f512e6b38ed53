package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.laguna.core.transfer.TransferMatrix;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Transfers over a window the reader chooses (in hours, as {@code GET /requests/matrix?hours=N}): the
 * matrix of sources by destinations (done, failed, bytes), the throughput over time as a chart drawn
 * on the server (an SVG, no script), the requests queued and submitted per link now, and the failures
 * grouped by link and reason. Everything is counted per link, as the REST matrix answers it to every
 * account: no file is named.
 */
final class TransferPages {
    static final int MAX_HOURS = 24 * 366;
    static final int DEFAULT_HOURS = 24;
    static final int SLOTS = 48;
    static final int MAX_FAILURES = 100;
    static final String NO_SOURCE = "(no source)";

    /** One cell of the matrix; {@code null} in {@link Row#cells()} where the pair moved nothing. */
    public record Cell(long done, long failed, long bytes) {
        public boolean anyFailed() {
            return failed > 0;
        }
    }

    /** One source and its cells, in the order of the destinations. */
    public record Row(String source, List<Cell> cells) {
        public Row {
            cells = Collections.unmodifiableList(new ArrayList<>(cells));
        }
    }

    /** The matrix: destinations as columns, sources as rows. */
    public record Matrix(List<String> destinations, List<Row> rows, long done, long failed, long bytes) {
        public Matrix {
            destinations = List.copyOf(destinations);
            rows = List.copyOf(rows);
        }
    }

    /** Requests of one link not finished yet. */
    public record Pending(String source, String destination, long queued, long submitted, long bytes) {
    }

    /** Failures of one link with one reason. */
    public record Failure(String source, String destination, String reason, long count, String last) {
    }

    /** Everything the page shows; {@code error} is the complaint about the window asked for ("" when it was fine). */
    public record View(String hours, String since, String until, Matrix matrix, ThroughputChart chart, List<Pending> pending,
                       List<Failure> failures, String error) {
    }

    private final Pages pages;
    private final TransferMatrix matrix;

    TransferPages(Pages pages, TransferMatrix matrix) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.matrix = Objects.requireNonNull(matrix, "matrix is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/transfers", pages.page(this::show));
    }

    private void show(Context ctx, UiSession session) {
        String asked = ctx.queryParam("hours");
        Instant until = Instant.now();
        int hours;
        try {
            hours = hours(asked);
        } catch (LagunaException e) {
            View view = new View(asked, "", "", null, null, List.of(), List.of(), e.getMessage());
            pages.render(ctx, e.code().httpStatus(), "transfers.jte", Map.of("page", Pages.frame(session, "Transfers", "transfers", ""), "view", view));
            return;
        }
        Instant since = until.minus(Duration.ofHours(hours));
        List<TransferMatrix.Link> links = matrix.since(session.caller(), since);
        List<TransferMatrix.Slot> slots = matrix.throughput(session.caller(), since, until, SLOTS);
        List<Pending> pending = matrix.pending(session.caller()).stream().map(p -> new Pending(p.source().orElse(NO_SOURCE), p.destination(),
                p.queued(), p.submitted(), p.bytes())).toList();
        List<Failure> failures = matrix.failures(session.caller(), since, MAX_FAILURES).stream().map(f -> new Failure(f.source().orElse(NO_SOURCE),
                f.destination(), f.reason().isEmpty() ? "(no reason recorded)" : f.reason(), f.count(), Format.date(f.last()))).toList();
        View view = new View(Integer.toString(hours), Format.date(since), Format.date(until), matrix(links), ThroughputChart.of(slots, hours),
                pending, failures, "");
        pages.render(ctx, "transfers.jte", Map.of("page", Pages.frame(session, "Transfers", "transfers", ""), "view", view));
    }

    /** The window of the form: whole hours, 1 to {@value #MAX_HOURS}, {@value #DEFAULT_HOURS} when none is given. */
    static int hours(String asked) {
        if (asked == null || asked.isBlank()) {
            return DEFAULT_HOURS;
        }
        int value;
        try {
            value = Integer.parseInt(asked.strip());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "The window must be a whole number of hours, got '" + asked + "'");
        }
        if (value < 1 || value > MAX_HOURS) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "The window must be 1 to " + MAX_HOURS + " hours, got " + value);
        }
        return value;
    }

    static Matrix matrix(List<TransferMatrix.Link> links) {
        TreeSet<String> destinations = new TreeSet<>();
        TreeSet<String> sources = new TreeSet<>();
        boolean noSource = false;
        for (TransferMatrix.Link link : links) {
            destinations.add(link.destination());
            if (link.source().isPresent()) {
                sources.add(link.source().get());
            } else {
                noSource = true;
            }
        }
        List<String> columns = List.copyOf(destinations);
        List<String> rowNames = new ArrayList<>(sources);
        if (noSource) {
            rowNames.add(NO_SOURCE);
        }
        List<Row> rows = new ArrayList<>();
        long done = 0;
        long failed = 0;
        long bytes = 0;
        Map<String, Cell> byPair = new HashMap<>();
        for (TransferMatrix.Link link : links) {
            byPair.put(link.source().orElse(NO_SOURCE) + "\n" + link.destination(), new Cell(link.done(), link.failed(), link.bytes()));
            done += link.done();
            failed += link.failed();
            bytes += link.bytes();
        }
        for (String source : rowNames) {
            List<Cell> cells = new ArrayList<>();
            for (String destination : columns) {
                cells.add(byPair.get(source + "\n" + destination));
            }
            rows.add(new Row(source, cells));
        }
        return new Matrix(columns, rows, done, failed, bytes);
    }
}
