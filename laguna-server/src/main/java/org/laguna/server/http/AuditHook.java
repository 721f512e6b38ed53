package org.laguna.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.laguna.core.auditlog.AuditEntry;
import org.laguna.core.auditlog.AuditLog;
import org.laguna.core.auditlog.AuditOutcome;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.RequestOrigin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the audit log. Before a request: gives it an id (the client's {@code X-Request-Id}
 * when it is a plain token, else a new one, sent back in the answer) and an origin (id, client
 * address). The core records what it allows and denies through the permission check; after the
 * request this hook writes the denials the core collected (their transaction rolled back), and
 * records what the core did not: a change no permission check saw, a change that failed, and a
 * denial raised elsewhere (authentication, ownership checks), with the HTTP method as action and
 * the path as target. Never a header value, body or query string: nothing secret gets in.
 */
public final class AuditHook {
    public static final String REQUEST_ID = "X-Request-Id";
    private static final Logger LOG = LoggerFactory.getLogger(AuditHook.class);
    private static final String ORIGIN = "laguna.origin";
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Set<HandlerType> CHANGING = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH);
    /** POST routes that only read, and the traces clients send after each transfer. */
    private static final Set<String> READING = Set.of("/replicas/list", "/replicas/datasets_bulk", "/locks/bulk_locks_for_dids",
            "/dids/bulkmeta", "/traces");

    private final AuditLog log;

    public AuditHook(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log is null");
    }

    /** The origin of the request under way; {@link RequestOrigin#INTERNAL} if it has none. */
    public static RequestOrigin origin(Context ctx) {
        RequestOrigin origin = ctx.attribute(ORIGIN);
        return origin == null ? RequestOrigin.INTERNAL : origin;
    }

    /**
     * The origin of a login: the one this hook gave the request, else one made now from the
     * client's address, so that a login is throttled and recorded under that address in any case.
     */
    public static RequestOrigin loginOrigin(Context ctx) {
        RequestOrigin origin = ctx.attribute(ORIGIN);
        return origin != null ? origin : new RequestOrigin(null, ClientAddress.of(ctx), "rest", ctx.method().name() + " " + ctx.path());
    }

    public void before(Context ctx) {
        String asked = ctx.header(REQUEST_ID);
        String id = asked != null && CLIENT_ID.matcher(asked).matches() ? asked : UUID.randomUUID().toString();
        ctx.header(REQUEST_ID, id);
        ctx.attribute(ORIGIN, new RequestOrigin(id, ClientAddress.of(ctx), "rest", ctx.method().name() + " " + ctx.path()));
    }

    public void after(Context ctx) {
        RequestOrigin origin = ctx.attribute(ORIGIN);
        if (origin == null || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        try {
            Caller caller = ctx.attribute(Http.CALLER);
            if (caller != null) {
                log.flushDenials(caller);
            }
            AuditOutcome outcome = outcome(ctx, origin);
            if (outcome != null) {
                log.record(entry(ctx, caller, origin, outcome));
            }
        } catch (RuntimeException e) {
            LOG.error("Could not write the audit log of request {} ({} {})", origin.requestId(), ctx.method(), ctx.path(), e);
        }
    }

    /** What this hook has to record of the request, null for nothing. */
    private static AuditOutcome outcome(Context ctx, RequestOrigin origin) {
        int status = ctx.statusCode();
        boolean denied = status == 401 || status == 403;
        boolean changing = CHANGING.contains(ctx.method()) && !READING.contains(ctx.path());
        if (denied) {
            return origin.anythingRecorded() ? null : AuditOutcome.DENIED;
        }
        if (!changing) {
            return null;
        }
        if (status >= 400) {
            return AuditOutcome.FAILED;
        }
        return origin.anythingRecorded() ? null : AuditOutcome.SUCCESS;
    }

    private AuditEntry entry(Context ctx, Caller caller, RequestOrigin origin, AuditOutcome outcome) {
        String detail = outcome == AuditOutcome.SUCCESS ? null : ctx.res().getHeader("ExceptionClass");
        if (caller != null) {
            return new AuditEntry(0, log.now(), caller.account(), caller.identity(), caller.authMethod(), caller.vo(),
                    origin.clientAddress(), ctx.method().name(), ctx.path(), outcome, origin.requestId(), origin.request(), detail);
        }
        // not authenticated: who it claimed to be, never the password or token it sent
        String method = ctx.path().startsWith("/auth/") ? ctx.path().substring("/auth/".length()) : null;
        return new AuditEntry(0, log.now(), ctx.header("X-Rucio-Account"), ctx.header("X-Rucio-Username"), method, null,
                origin.clientAddress(), ctx.method().name(), ctx.path(), outcome, origin.requestId(), origin.request(), detail);
    }
}
