package org.laguna.server.testing.authz;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.laguna.server.testing.Rest;

/**
 * One concrete request of a matrix entry: the path with its query, a JSON body (or raw text), extra
 * headers, and, for requests about a freshly made account, how to log that account in as the owner.
 */
public record Call(String path, Object body, String rawBody, Map<String, String> headers, Optional<Supplier<Rest>> owner) {
    public Call {
        Objects.requireNonNull(path, "path is null");
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers is null"));
        Objects.requireNonNull(owner, "owner is null");
    }

    public static Call of(String path) {
        return new Call(path, null, null, Map.of(), Optional.empty());
    }

    public static Call of(String path, Object body) {
        return new Call(path, body, null, Map.of(), Optional.empty());
    }

    public static Call raw(String path, String text) {
        return new Call(path, null, text, Map.of(), Optional.empty());
    }

    public Call withHeaders(Map<String, String> extra) {
        return new Call(path, body, rawBody, extra, owner);
    }

    /** The owner of this request's object is a fresh account, logged in only if the owner's turn comes. */
    public Call ownedBy(Supplier<Rest> login) {
        return new Call(path, body, rawBody, headers, Optional.of(login));
    }
}
