package org.laguna.server.ui;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.server.http.ClientGoneException;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the precompiled templates and wraps the handlers of the pages: a page needs a session (else
 * the browser goes to the sign-in page), a form post needs the session and its CSRF token, and an
 * error becomes an HTML page with the status the REST API would answer.
 */
final class Pages {
    private static final Logger LOG = LoggerFactory.getLogger(Pages.class);
    private static final String SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** A page's work once its session (and, for a post, its CSRF token) has been checked. */
    @FunctionalInterface
    interface SessionHandler {
        void handle(Context ctx, UiSession session) throws Exception;
    }

    private final TemplateEngine engine;
    private final UiSessions sessions;

    Pages(UiSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions is null");
        this.engine = TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(), Pages.class.getPackageName());
    }

    UiSessions sessions() {
        return sessions;
    }

    /** A page for signed-in accounts; others are sent to sign in and brought back after. */
    Handler page(SessionHandler handler) {
        return ctx -> {
            Optional<UiSession> session = sessions.current(ctx);
            if (session.isEmpty() && partOfAPage(ctx)) {
                ctx.status(401).contentType("text/plain; charset=utf-8").result("Your session has ended: sign in again");
                return;
            }
            if (session.isEmpty()) {
                String query = ctx.queryString();
                String next = ctx.path() + (query == null ? "" : "?" + query);
                ctx.redirect("/ui/login?next=" + Format.encode(next), HttpStatus.SEE_OTHER);
                return;
            }
            guarded(ctx, session, () -> handler.handle(ctx, session.get()));
        };
    }

    /** A request htmx or an event source makes for a part of a page: it cannot follow a sign-in. */
    private static boolean partOfAPage(Context ctx) {
        String accept = ctx.header("Accept");
        return ctx.header("HX-Request") != null || accept != null && accept.contains("text/event-stream");
    }

    /** A form post: needs a session and the session's CSRF token in the form's {@code csrf} field. */
    Handler action(SessionHandler handler) {
        return ctx -> {
            Optional<UiSession> session = sessions.current(ctx);
            guarded(ctx, session, () -> {
                if (session.isEmpty()) {
                    throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Your session has ended: sign in again");
                }
                Form form = Form.read(ctx);
                if (!UiSessions.sameText(session.get().csrf(), form.raw("csrf"))) {
                    throw new LagunaException(ErrorCode.ACCESS_DENIED, "The form's CSRF token is missing or wrong: reload the page and try again");
                }
                ctx.attribute(FORM, form);
                handler.handle(ctx, session.get());
            });
        };
    }

    private static final String FORM = "laguna.ui.form";

    /** The form a checked post carried. */
    static Form form(Context ctx) {
        return Objects.requireNonNull(ctx.attribute(FORM), "no form was read");
    }

    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    /** Runs the work; a failure becomes an error page (nothing is written to a client that went away). */
    void guarded(Context ctx, Optional<UiSession> session, Work work) throws Exception {
        try {
            work.run();
        } catch (ClientGoneException e) {
            LOG.debug("Client went away during {} {}", ctx.method(), ctx.path());
        } catch (LagunaException e) {
            if (e.code().httpStatus() >= 500) {
                LOG.error("{} on {} {}: {}", e.code(), ctx.method(), ctx.path(), e.getMessage(), e);
            }
            error(ctx, session, status(e), e.getMessage());
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString();
            LOG.error("Internal error {} on {} {}", id, ctx.method(), ctx.path(), e);
            error(ctx, session, 500, "Internal error, see the server log for id " + id);
        }
    }

    /**
     * The status of an error page: the REST API's, except that a refusal of a signed-in account is 403
     * (Rucio answers its AccessDenied with 401, which a browser would take for "not signed in").
     */
    static int status(LagunaException e) {
        return e.code() == ErrorCode.ACCESS_DENIED ? 403 : e.code().httpStatus();
    }

    void error(Context ctx, Optional<UiSession> session, int status, String message) {
        Page page = frame(session, "Error " + status, "", "");
        render(ctx, status, "error.jte", Map.of("page", page, "status", status, "message", message == null ? "" : message));
    }

    static Page frame(Optional<UiSession> session, String title, String section, String notice) {
        return new Page(title, session.map(UiSession::account).orElse(""), session.map(UiSession::csrf).orElse(""), section, notice);
    }

    static Page frame(UiSession session, String title, String section, String notice) {
        return frame(Optional.of(session), title, section, notice);
    }

    /** Renders a whole page with its status and the UI's security headers. */
    void render(Context ctx, int status, String template, Map<String, Object> params) {
        String html = fragment(template, params);
        ctx.status(status);
        ctx.header("Content-Security-Policy", SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        if (status == 404) {
            // the page says what was not found: the server's answer for unknown endpoints must not replace it
            ctx.header("ExceptionClass", "NotFound");
        }
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html.getBytes(StandardCharsets.UTF_8));
    }

    void render(Context ctx, String template, Map<String, Object> params) {
        render(ctx, 200, template, params);
    }

    /** The HTML of a template, for a page or a part of one (an event of a stream). */
    String fragment(String template, Map<String, Object> params) {
        StringOutput output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }
}
