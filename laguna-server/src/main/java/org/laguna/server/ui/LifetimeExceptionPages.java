package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Ids;
import org.laguna.core.did.DidKey;
import org.laguna.core.lifetime.LifetimeException;
import org.laguna.core.lifetime.LifetimeExceptionService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Lifetime exceptions: any account asks that DIDs outlive their lifetime (one request, many DIDs);
 * administrators approve or reject requests. The list is open to every account, as {@code GET
 * /lifetime_exceptions} is; a decision is refused by the service to anyone but an administrator.
 */
final class LifetimeExceptionPages {
    static final int MAX_REQUESTS_SHOWN = 200;
    static final int MAX_DIDS_SHOWN = 20;
    static final int MAX_DIDS_ASKED = 1_000;
    private static final List<String> STATES = List.of("WAITING", "APPROVED", "REJECTED", "all");

    /** One request: its DIDs (the first {@value #MAX_DIDS_SHOWN}) and how many it names. */
    public record Request(String id, String account, String state, String pattern, String comments, String created, String expires,
                          List<String> dids, int didCount) {
        public boolean waiting() {
            return state.equals("WAITING");
        }
    }

    /** The page: the requests of the chosen state, and what the request form holds. */
    public record View(String state, List<String> states, List<Request> requests, boolean moreRequests, boolean admin, String formError,
                       String didsText, String comments, String expires) {
    }

    private final Pages pages;
    private final LifetimeExceptionService exceptions;
    private final Predicate<Caller> isAdmin;

    LifetimeExceptionPages(Pages pages, LifetimeExceptionService exceptions, Predicate<Caller> isAdmin) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.exceptions = Objects.requireNonNull(exceptions, "exceptions is null");
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/lifetime-exceptions", pages.page((ctx, session) -> {
            String did = ctx.queryParam("did");
            show(ctx, session, 200, "", did == null ? "" : did, "", "", notice(ctx));
        }));
        routes.post("/ui/lifetime-exceptions", pages.action(this::add));
        routes.post("/ui/lifetime-exceptions/{id}/decision", pages.action(this::decide));
    }

    private static String notice(Context ctx) {
        String added = ctx.queryParam("added");
        String decided = ctx.queryParam("decided");
        if (added != null) {
            String unknown = ctx.queryParam("unknown");
            return "Your request was recorded; an administrator will approve or reject it."
                    + (unknown == null || unknown.isBlank() ? "" : " Not in the catalogue, left out: " + unknown + ".");
        }
        if (decided != null) {
            return "The request was " + decided.toLowerCase(Locale.ROOT) + ".";
        }
        return "";
    }

    private void show(Context ctx, UiSession session, int status, String formError, String dids, String comments, String expires,
            String notice) {
        String state = state(ctx.queryParam("state"));
        Set<LifetimeException.State> states = state.equals("all") ? Set.of() : EnumSet.of(LifetimeException.State.valueOf(state));
        Map<UUID, Request> requests = new LinkedHashMap<>();
        Map<UUID, List<String>> didsOf = new LinkedHashMap<>();
        boolean[] more = {false};
        exceptions.list(null, states, exception -> {
            List<String> named = didsOf.get(exception.id());
            if (named == null) {
                if (requests.size() >= MAX_REQUESTS_SHOWN) {
                    more[0] = true;
                    return;
                }
                named = new ArrayList<>();
                didsOf.put(exception.id(), named);
                requests.put(exception.id(), request(exception, named, 0));
            }
            if (named.size() < MAX_DIDS_SHOWN) {
                named.add(exception.scope() + ":" + exception.name());
            }
            Request old = requests.get(exception.id());
            requests.put(exception.id(), request(exception, named, old.didCount() + 1));
        });
        View view = new View(state, STATES, List.copyOf(requests.values()), more[0], isAdmin.test(session.caller()), formError, dids, comments, expires);
        pages.render(ctx, status, "lifetime_exceptions.jte", Map.of("page", Pages.frame(session, "Lifetime exceptions", "exceptions", notice),
                "view", view));
    }

    private static Request request(LifetimeException exception, List<String> dids, int count) {
        return new Request(Ids.hex(exception.id()), exception.account(), exception.state().name(), exception.pattern() == null ? "" : exception.pattern(),
                exception.comments() == null ? "" : exception.comments(), Format.date(exception.createdAt()), Format.date(exception.expiresAt()),
                dids, count);
    }

    /** The state to list: WAITING by default, one of {@link #STATES}; anything else is taken as WAITING. */
    private static String state(String asked) {
        if (asked == null) {
            return "WAITING";
        }
        String upper = asked.strip().toUpperCase(Locale.ROOT);
        return upper.equals("ALL") ? "all" : STATES.contains(upper) ? upper : "WAITING";
    }

    private void add(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        String didsText = form.raw("dids");
        String comments = form.raw("comments").strip();
        String expiresText = form.raw("expires").strip();
        LifetimeExceptionService.Added added;
        try {
            List<DidKey> dids = dids(didsText);
            Instant expires = expires(expiresText);
            added = exceptions.add(session.caller(), dids, null, comments.isEmpty() ? null : comments, expires);
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.ACCESS_DENIED) {
                throw e;
            }
            show(ctx, session, Pages.status(e), e.getMessage(), didsText, comments, expiresText, "");
            return;
        }
        if (added.exceptions().isEmpty()) {
            show(ctx, session, 404, "None of these DIDs is in the catalogue: " + String.join(", ", added.unknown().stream()
                    .map(named -> named.scope() + ":" + named.name()).toList()), didsText, comments, expiresText, "");
            return;
        }
        String unknown = String.join(", ", added.unknown().stream().map(named -> named.scope() + ":" + named.name()).limit(20).toList());
        ctx.redirect("/ui/lifetime-exceptions?added=1&unknown=" + Format.encode(unknown), HttpStatus.SEE_OTHER);
    }

    /** The DIDs of the form: {@code scope:name}, one a line (or separated by spaces or commas). */
    static List<DidKey> dids(String text) {
        List<DidKey> dids = new ArrayList<>();
        for (String item : text.split("[\\s,]+")) {
            if (item.isEmpty()) {
                continue;
            }
            int colon = item.indexOf(':');
            if (colon <= 0 || colon == item.length() - 1) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "A DID is written scope:name, got '" + item + "'");
            }
            dids.add(new DidKey(item.substring(0, colon), item.substring(colon + 1)));
        }
        if (dids.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Name at least one DID (scope:name)");
        }
        if (dids.size() > MAX_DIDS_ASKED) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "At most " + MAX_DIDS_ASKED + " DIDs in one request, got " + dids.size());
        }
        return dids;
    }

    /** The exception's expiry: the end of the given day (UTC), or none. */
    static Instant expires(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "The expiry must be a date such as 2027-06-30, got '" + text + "'");
        }
    }

    private void decide(Context ctx, UiSession session) {
        String decision = Pages.form(ctx).text("decision").orElse("");
        LifetimeException.State state = switch (decision) {
            case "APPROVED" -> LifetimeException.State.APPROVED;
            case "REJECTED" -> LifetimeException.State.REJECTED;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "A request is APPROVED or REJECTED, not '" + decision + "'");
        };
        exceptions.update(session.caller(), id(ctx.pathParam("id")), state);
        ctx.redirect("/ui/lifetime-exceptions?decided=" + state.name(), HttpStatus.SEE_OTHER);
    }

    private static UUID id(String text) {
        String value = text.length() == 32 && text.indexOf('-') < 0
                ? text.substring(0, 8) + "-" + text.substring(8, 12) + "-" + text.substring(12, 16) + "-" + text.substring(16, 20) + "-"
                + text.substring(20) : text;
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.LIFETIME_EXCEPTION_NOT_FOUND, "Lifetime exception " + text + " not found");
        }
    }
}
