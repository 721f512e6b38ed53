package org.laguna.core.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a request comes from, for the audit log: its id, the client's address, what it asks and the channel
 * ({@code rest}, or {@code internal} for work the server does on its own). It also remembers, for
 * the one request it belongs to, what the audit log already holds of it and the denials still to be
 * written once the request's transaction has rolled back.
 */
public final class RequestOrigin {
    /** No request: a command run on the server itself, a daemon, a test. */
    public static final RequestOrigin INTERNAL = new RequestOrigin(null, null, "internal", null);

    private final String requestId;
    private final String clientAddress;
    private final String channel;
    private final String request;
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    private final List<Denial> denials = new ArrayList<>();

    /** @param request what was asked, such as {@code POST /dids/user.jdoe/ds1} (no query string: nothing secret) */
    public RequestOrigin(String requestId, String clientAddress, String channel, String request) {
        this.requestId = requestId;
        this.clientAddress = clientAddress;
        this.channel = Objects.requireNonNull(channel, "channel is null");
        this.request = request;
    }

    public String request() {
        return request;
    }

    /** A denial waiting to be written after the request's transaction rolled back. */
    public record Denial(String action, String target, String reason) {
    }

    public String requestId() {
        return requestId;
    }

    public String clientAddress() {
        return clientAddress;
    }

    public String channel() {
        return channel;
    }

    /** True for a request from a client (whose denials wait for the end of the request). */
    public boolean isRequest() {
        return this != INTERNAL;
    }

    /** Remembers that the action on the target is recorded; false if it already was for this request. */
    public boolean markRecorded(String action, String target) {
        return !isRequest() || recorded.add(action + '\u0000' + target);
    }

    /** True once anything of this request is in the audit log (or waits to be written). */
    public boolean anythingRecorded() {
        synchronized (denials) {
            return !recorded.isEmpty() || !denials.isEmpty();
        }
    }

    public void addDenial(Denial denial) {
        synchronized (denials) {
            denials.add(denial);
        }
    }

    /** The denials waiting to be written, forgotten once taken. */
    public List<Denial> takeDenials() {
        synchronized (denials) {
            List<Denial> taken = List.copyOf(denials);
            denials.clear();
            recorded.add("\u0000denied");
            return taken;
        }
    }
}
