package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Objects;
import org.laguna.core.rse.RseField;
import org.laguna.core.rse.RseService;
import org.laguna.core.rse.RseSetting;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * What administrators change on an RSE's page: its attributes, its limits and its availability for
 * reading, writing and deleting. Each post goes through the RSE service with the same permission check
 * as the REST route ({@code POST /rses/{rse}/attr/{key}}, {@code PUT /rses/{rse}/limits},
 * {@code PUT /rses/{rse}}), whoever sends it; a refusal is an error page (403), bad input shows the
 * page again with the reason.
 */
final class RseAdminActions {
    private final RsePages rsePages;
    private final RseService rses;

    RseAdminActions(RsePages rsePages, RseService rses) {
        this.rsePages = Objects.requireNonNull(rsePages, "rsePages is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
    }

    void register(RoutesConfig routes) {
        Pages pages = rsePages.pages();
        routes.post("/ui/rses/{rse}/attributes", pages.action(this::setAttribute));
        routes.post("/ui/rses/{rse}/attributes/delete", pages.action(this::deleteAttribute));
        routes.post("/ui/rses/{rse}/limits", pages.action(this::setLimit));
        routes.post("/ui/rses/{rse}/limits/delete", pages.action(this::deleteLimit));
        routes.post("/ui/rses/{rse}/availability", pages.action(this::setAvailability));
    }

    /** The notice of the RSE page after a change ("" for none). */
    static String notice(Context ctx) {
        String done = ctx.queryParam("done");
        return done == null ? "" : switch (done) {
            case "attribute" -> "The attribute was set.";
            case "attribute-deleted" -> "The attribute was deleted.";
            case "limit" -> "The limit was set.";
            case "limit-deleted" -> "The limit was deleted.";
            case "availability" -> "The availability was changed.";
            default -> "";
        };
    }

    private void setAttribute(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        change(ctx, session, "attribute", () -> {
            String key = form.text("key").orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER, "Name the attribute's key"));
            String value = form.text("value").orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER, "Give the attribute a value"));
            rses.setAttribute(session.caller(), rse(ctx), key, value);
        });
    }

    private void deleteAttribute(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        change(ctx, session, "attribute-deleted", () -> rses.deleteAttribute(session.caller(), rse(ctx), form.raw("key")));
    }

    private void setLimit(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        change(ctx, session, "limit", () -> {
            String name = form.text("name").orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER, "Name the limit (such as MinFreeSpace)"));
            long value = Sizes.parse(form.raw("value"), "The limit");
            if (value < 0) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "A limit must be 0 or more bytes; delete it to have none");
            }
            rses.setLimit(session.caller(), rse(ctx), name, value);
        });
    }

    private void deleteLimit(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        change(ctx, session, "limit-deleted", () -> rses.deleteLimit(session.caller(), rse(ctx), form.raw("name")));
    }

    /** The three availabilities at once: a box ticked ("on") is available, a box not ticked is not sent. */
    private void setAvailability(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        change(ctx, session, "availability", () -> rses.updateRse(session.caller(), rse(ctx), List.of(
                new RseSetting.Flag(RseField.AVAILABILITY_READ, ticked(form, "read")),
                new RseSetting.Flag(RseField.AVAILABILITY_WRITE, ticked(form, "write")),
                new RseSetting.Flag(RseField.AVAILABILITY_DELETE, ticked(form, "delete")))));
    }

    private static boolean ticked(Form form, String name) {
        String value = form.raw(name);
        if (!value.isEmpty() && !value.equals("on")) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The box '" + name + "' is ticked (on) or not sent, got '" + value + "'");
        }
        return value.equals("on");
    }

    private static String rse(Context ctx) {
        return ctx.pathParam("rse");
    }

    @FunctionalInterface
    private interface Change {
        void run();
    }

    /**
     * Makes the change and goes back to the page with a notice; a refusal (403) and an unknown RSE
     * (404) are error pages, any other complaint shows the page again with it.
     */
    private void change(Context ctx, UiSession session, String done, Change change) {
        try {
            change.run();
        } catch (LagunaException e) {
            int status = Pages.status(e);
            if (status == 401 || status == 403 || e.code() == ErrorCode.RSE_NOT_FOUND) {
                throw e;
            }
            rsePages.show(ctx, session, status, e.getMessage());
            return;
        }
        ctx.redirect(Format.rseUrl(rse(ctx)) + "?done=" + done, HttpStatus.SEE_OTHER);
    }
}
