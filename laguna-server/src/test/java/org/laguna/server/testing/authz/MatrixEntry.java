package org.laguna.server.testing.authz;

import java.util.Objects;
import java.util.function.Function;

/**
 * One row of the authorization matrix: a registered route ({@code METHOD /path} exactly as the
 * server registers it), a label for the request tried on it (routes that dispatch on the rest of
 * the path have several rows), who may call it, and how to build the request. The request is built
 * anew for every caller, so a row whose request destroys its object makes a fresh one each time.
 */
public record MatrixEntry(String route, String label, Access access, Function<Fixtures, Call> request) {
    public MatrixEntry {
        Objects.requireNonNull(route, "route is null");
        Objects.requireNonNull(label, "label is null");
        Objects.requireNonNull(access, "access is null");
        Objects.requireNonNull(request, "request is null");
        if (route.indexOf(' ') < 0) {
            throw new IllegalArgumentException("route must be 'METHOD /path', got " + route);
        }
    }

    public String method() {
        return route.substring(0, route.indexOf(' '));
    }

    public String name() {
        return label.isEmpty() ? route : route + " [" + label + "]";
    }
}
