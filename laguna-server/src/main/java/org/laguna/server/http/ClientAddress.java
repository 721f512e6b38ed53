package org.laguna.server.http;

import io.javalin.http.Context;

/**
 * The address a request is recorded under (logins, throttling, the audit log): the connection's
 * peer, or, when the peer is a reverse proxy on this host (loopback), the last address that proxy
 * appended to {@code X-Forwarded-For}. A remote client cannot choose its address by sending the header.
 */
public final class ClientAddress {
    private ClientAddress() {
    }

    public static String of(Context ctx) {
        return of(ctx.ip(), ctx.header("X-Forwarded-For"));
    }

    public static String of(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isLoopback(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() ? peer : last;
    }

    private static boolean isLoopback(String address) {
        return address != null && (address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")
                || address.equals("[::1]") || address.equals("[0:0:0:0:0:0:0:1]"));
    }
}
