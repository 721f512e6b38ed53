package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.laguna.core.auth.Caller;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseService;
import org.laguna.core.rse.RseService.RseInfo;

/**
 * The RSEs: each with its attributes, usage against its limits, availability, protocols and distances.
 * A protocol is shown by scheme, host, port, prefix and priorities only: never its extended attributes,
 * and no attribute whose name speaks of a secret, so that no credential reaches a browser. An
 * administrator's RSE page has the forms of {@link RseAdminActions}.
 */
final class RsePages {
    private static final Pattern SIZE = Pattern.compile("(?i).*(space|bytes).*");
    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|passwd|token|credential|access[_-]?key|private).*");

    /** An RSE as the list and its page show it. */
    public record RseView(String name, String type, boolean deterministic, boolean read, boolean write, boolean delete,
                          List<DidPage.Entry> attributes, Long used, Long files, Long capacity, List<DidPage.Entry> limits, List<Protocol> protocols) {
        public String url() {
            return Format.rseUrl(name);
        }

        /** Share of the capacity the storage reports (its used plus free bytes) that Laguna's replicas take; 0 when none is reported. */
        public int percent() {
            return capacity == null || used == null || capacity <= 0 ? 0 : Format.percent(used, capacity);
        }

        public String availability() {
            return (read ? "read " : "") + (write ? "write " : "") + (delete ? "delete" : "");
        }
    }

    /** A distance from this RSE to another ({@code outgoing}) or from another to this one. */
    public record Distance(String other, boolean outgoing, int distance) {
        public String url() {
            return Format.rseUrl(other);
        }
    }

    /** The RSE page: the RSE, its distances, whether the reader administers it, and the complaint about a form ("" for none). */
    public record PageView(RseView rse, List<Distance> distances, boolean admin, String formError) {
    }

    /** How to reach an RSE, without its extended attributes. */
    public record Protocol(String scheme, String hostname, int port, String prefix, String impl, String priorities) {
    }

    private final Pages pages;
    private final RseService rses;
    private final Predicate<Caller> isAdmin;

    RsePages(Pages pages, RseService rses, Predicate<Caller> isAdmin) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
    }

    Pages pages() {
        return pages;
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/rses", pages.page(this::list));
        routes.get("/ui/rses/{rse}", pages.page((ctx, session) -> show(ctx, session, 200, "")));
    }

    private void list(Context ctx, UiSession session) {
        List<RseView> views = new ArrayList<>();
        for (Rse rse : rses.list(session.caller(), Optional.empty())) {
            views.add(view(session.caller(), rse));
        }
        pages.render(ctx, "rses.jte", Map.of("page", Pages.frame(session, "RSEs", "rses", ""), "rses", views));
    }

    /** The RSE's page with this status, and the complaint about the form just sent ("" for none). */
    void show(Context ctx, UiSession session, int status, String formError) {
        RseInfo info = rses.info(session.caller(), ctx.pathParam("rse"));
        RseView view = view(session.caller(), info.rse());
        List<Distance> distances = new ArrayList<>();
        for (RseService.Distance distance : rses.distances(session.caller(), view.name())) {
            boolean outgoing = distance.source().equals(view.name());
            distances.add(new Distance(outgoing ? distance.destination() : distance.source(), outgoing, distance.distance()));
        }
        PageView page = new PageView(view, distances, isAdmin.test(session.caller()), formError);
        pages.render(ctx, status, "rse.jte", Map.of("page", Pages.frame(session, "RSE " + view.name(), "rses", RseAdminActions.notice(ctx)),
                "view", page));
    }

    private RseView view(Caller caller, Rse rse) {
        List<DidPage.Entry> attributes = new ArrayList<>();
        rses.attributes(caller, rse.name()).forEach((key, value) -> attributes.add(new DidPage.Entry(key,
                SECRET.matcher(key).matches() ? "(hidden)" : String.valueOf(value))));
        List<DidPage.Entry> limits = new ArrayList<>();
        Map<String, Long> limitValues = rses.limits(caller, rse.name());
        limitValues.forEach((key, value) -> limits.add(new DidPage.Entry(key, SIZE.matcher(key).matches() ? Format.bytes(value) : String.valueOf(value))));
        Long[] usage = {null, null, null};
        rses.usage(caller, rse.name(), Optional.empty(), row -> {
            if (row.source().equals("rucio")) {
                usage[0] = row.used();
                usage[1] = row.files();
            } else if (row.source().equals("storage") && row.used() != null && row.free() != null) {
                usage[2] = row.used() + row.free();
            }
        });
        List<Protocol> protocols = new ArrayList<>();
        for (RseProtocol protocol : rses.info(caller, rse.name()).protocols()) {
            protocols.add(new Protocol(protocol.scheme(), protocol.hostname(), protocol.port(), protocol.prefix(),
                    protocol.impl() == null ? "" : protocol.impl(), priorities(protocol)));
        }
        return new RseView(rse.name(), rse.rseType() == null ? "" : rse.rseType(), rse.deterministic(), rse.availabilityRead(),
                rse.availabilityWrite(), rse.availabilityDelete(), attributes, usage[0], usage[1], usage[2], limits, protocols);
    }

    private static String priorities(RseProtocol protocol) {
        List<String> parts = new ArrayList<>();
        for (String domain : List.of("lan", "wan")) {
            for (String operation : List.of("read", "write", "delete")) {
                int priority = protocol.priority(domain, operation);
                if (priority != RseProtocol.UNSUPPORTED) {
                    parts.add(domain + " " + operation + " " + priority);
                }
            }
        }
        return String.join(", ", parts);
    }
}
