package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.rule.Rule;
import org.laguna.core.rule.RuleService;
import org.laguna.server.http.ClientGoneException;
import org.laguna.spi.error.LagunaException;

/**
 * Server-sent events of a rule's progress: the rule is read again every {@code interval}, and each time
 * its state or lock counts change, an event {@code progress} carries the new progress as HTML (what
 * htmx's SSE extension swaps into the page). A comment keeps the connection open in quiet times; the
 * stream ends when the session does, when the rule is gone, or after {@code maxDuration} (the browser
 * then connects again).
 */
final class RuleEvents {
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Pages pages;
    private final RuleService rules;
    private final Duration interval;
    private final Duration maxDuration;

    RuleEvents(Pages pages, RuleService rules, Duration interval, Duration maxDuration) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.interval = Objects.requireNonNull(interval, "interval is null");
        this.maxDuration = Objects.requireNonNull(maxDuration, "maxDuration is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/rules/{id}/events", pages.page(this::stream));
    }

    private void stream(Context ctx, UiSession session) throws IOException, InterruptedException {
        UUID id = RulePage.id(ctx);
        Rule rule = rules.get(id);
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-store");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        OutputStream out = ctx.res().getOutputStream();
        Instant end = Instant.now().plus(maxDuration);
        Instant quietSince = Instant.now();
        String last = "";
        while (Instant.now().isBefore(end) && pages.sessions().stillValid(session)) {
            String html = pages.fragment("rule_progress.jte", Map.of("rule", RuleRow.of(rule)));
            if (!html.equals(last)) {
                send(out, event("progress", html));
                last = html;
                quietSince = Instant.now();
            } else if (Duration.between(quietSince, Instant.now()).compareTo(KEEP_ALIVE) >= 0) {
                send(out, ": still here\n\n");
                quietSince = Instant.now();
            }
            Thread.sleep(interval.toMillis());
            try {
                rule = rules.get(id);
            } catch (LagunaException e) {
                send(out, event("progress", "<p role=\"status\">This rule no longer exists.</p>"));
                return;
            }
        }
    }

    /** An SSE event: its name, then each line of the data on a {@code data:} line of its own. */
    static String event(String name, String data) {
        StringBuilder text = new StringBuilder("event: ").append(name).append('\n');
        for (String line : data.split("\r?\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        return text.append('\n').toString();
    }

    private static void send(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }
}
