package org.laguna.server.testing.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.laguna.server.testing.Rest;

/**
 * Runs every row of an authorization matrix as each {@link Caller} against a running server and
 * answers what differs from the expected outcome, together with the registered routes that have no
 * row and the rows whose route is not registered. It talks to the server only through HTTP, so a
 * long-running scenario can run it against a server under load.
 */
public final class AuthorizationMatrix {
    /**
     * The statuses accepted when a caller without a valid token is turned away: 401
     * CannotAuthenticate, or, for now, the 400 that a missing token answers. Drop 400 here once a
     * missing token answers 401.
     */
    public static final Set<Integer> ANONYMOUS_DENIED_STATUSES = Set.of(401);

    private final List<MatrixEntry> entries;
    private final Set<String> skippedRoutes;

    public AuthorizationMatrix(List<MatrixEntry> entries, Set<String> skippedRoutes) {
        this.entries = List.copyOf(Objects.requireNonNull(entries, "entries is null"));
        this.skippedRoutes = Set.copyOf(Objects.requireNonNull(skippedRoutes, "skippedRoutes is null"));
    }

    /** One difference between the expected and the observed outcome. */
    public record Mismatch(String request, Caller caller, String expected, String got) {
        @Override
        public String toString() {
            return request + " as " + caller + ": expected " + expected + ", got " + got;
        }
    }

    /** What a run found. */
    public record Report(List<String> uncoveredRoutes, List<String> unknownRoutes, List<Mismatch> mismatches) {
        public Report {
            uncoveredRoutes = List.copyOf(uncoveredRoutes);
            unknownRoutes = List.copyOf(unknownRoutes);
            mismatches = List.copyOf(mismatches);
        }

        public boolean clean() {
            return uncoveredRoutes.isEmpty() && unknownRoutes.isEmpty() && mismatches.isEmpty();
        }

        /** Every problem, one per line. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            uncoveredRoutes.forEach(route -> text.append("route ").append(route).append(" has no expected permission\n"));
            unknownRoutes.forEach(route -> text.append("matrix row for ").append(route).append(" names no registered route\n"));
            mismatches.forEach(mismatch -> text.append(mismatch).append('\n'));
            return text.toString();
        }
    }

    /** Compares the rows with the registered routes ({@code METHOD /path}), then runs every row as every caller. */
    public Report run(Fixtures fixtures, Collection<String> registeredRoutes) {
        Objects.requireNonNull(fixtures, "fixtures is null");
        Report coverage = coverage(registeredRoutes);
        List<Mismatch> mismatches = new ArrayList<>();
        for (MatrixEntry entry : entries) {
            if (!skippedRoutes.contains(entry.route())) {
                runEntry(fixtures, entry, mismatches);
            }
        }
        return new Report(coverage.uncoveredRoutes(), coverage.unknownRoutes(), mismatches);
    }

    /** Only compares the rows with the registered routes ({@code METHOD /path}); calls nothing. */
    public Report coverage(Collection<String> registeredRoutes) {
        Set<String> registered = new LinkedHashSet<>(registeredRoutes);
        Set<String> covered = new LinkedHashSet<>(skippedRoutes);
        entries.forEach(entry -> covered.add(entry.route()));
        List<String> uncovered = registered.stream().filter(route -> !covered.contains(route)).toList();
        List<String> unknown = covered.stream().filter(route -> !registered.contains(route)).toList();
        return new Report(uncovered, unknown, List.of());
    }

    /**
     * Tries one row as every caller, the least privileged first. A request is built once and built
     * again only after a caller succeeded with it, so that a success (which may have destroyed the
     * object) never decides the next caller's outcome, while denied callers share one fixture.
     */
    private static void runEntry(Fixtures fixtures, MatrixEntry entry, List<Mismatch> mismatches) {
        Call call = null;
        for (Caller caller : Caller.values()) {
            if (call == null) {
                call = entry.request().apply(fixtures);
            }
            Rest rest = caller == Caller.OWNER && call.owner().isPresent() ? call.owner().get().get() : fixtures.as(caller);
            Rest.Response response;
            try {
                response = call.rawBody() != null
                        ? rest.postRaw(call.path(), call.rawBody())
                        : rest.call(entry.method(), call.path(), call.body(), call.headers());
            } catch (RuntimeException e) {
                mismatches.add(new Mismatch(entry.name() + " " + call.path(), caller, expected(entry, caller), "no answer: " + e));
                call = null;
                continue;
            }
            if (!outcomeMatches(entry.access().allows(caller), caller, response)) {
                String got = response.status() + " " + Objects.requireNonNullElse(response.exceptionClass(), "")
                        + " " + abbreviate(response.body());
                mismatches.add(new Mismatch(entry.name() + " " + call.path(), caller, expected(entry, caller), got.trim()));
            }
            if (response.status() < 400) {
                call = null;
            }
        }
    }

    private static boolean outcomeMatches(boolean allowed, Caller caller, Rest.Response response) {
        if (allowed) {
            return response.status() < 400;
        }
        if (caller.anonymous()) {
            return response.status() == 401 ? "CannotAuthenticate".equals(response.exceptionClass())
                    : ANONYMOUS_DENIED_STATUSES.contains(response.status());
        }
        return response.status() == 401 && "AccessDenied".equals(response.exceptionClass());
    }

    private static String expected(MatrixEntry entry, Caller caller) {
        if (entry.access().allows(caller)) {
            return "allowed";
        }
        return caller.anonymous() ? "denied (CannotAuthenticate)" : "denied (401 AccessDenied)";
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.replace('\n', ' ');
        return text.length() > 160 ? text.substring(0, 160) + "..." : text;
    }
}
