package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.MessageService;
import org.laguna.core.event.OutboxMessage;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The events (the outbox) for administrators, newest first, {@value #PAGE_SIZE} a page: those
 * delivered (the history) or those still pending, of every type or of one. Others are refused by the
 * service, as {@code GET /messages} refuses them.
 */
final class EventPages {
    static final int PAGE_SIZE = 50;

    /** One event as the table shows it. */
    public record Row(long id, String type, String orderingKey, String created, String delivered, String deliveredTo, String payload) {
    }

    /** What the filter holds, the events found, and the link to older ones ("" when there are none). */
    public record View(boolean sent, String type, List<String> types, List<Row> rows, String older, String error) {
    }

    private final Pages pages;
    private final MessageService messages;

    EventPages(Pages pages, MessageService messages) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.messages = Objects.requireNonNull(messages, "messages is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/events", pages.page(this::list));
    }

    private void list(Context ctx, UiSession session) {
        boolean sent = !"pending".equals(ctx.queryParam("show"));
        String type = Optional.ofNullable(ctx.queryParam("type")).map(String::strip).orElse("");
        String beforeText = ctx.queryParam("before_id");
        List<Row> rows = new ArrayList<>();
        String error = "";
        int status = 200;
        String older = "";
        List<String> types = new ArrayList<>(List.of(""));
        types.addAll(new TreeSet<>(EventTypes.ALL));
        try {
            Optional<Long> before = beforeText == null || beforeText.isBlank() ? Optional.empty() : Optional.of(number(beforeText));
            List<OutboxMessage> found = messages.list(session.caller(), sent, type.isEmpty() ? Optional.empty() : Optional.of(type), before,
                    PAGE_SIZE + 1);
            found.stream().limit(PAGE_SIZE).forEach(message -> rows.add(row(message)));
            if (found.size() > PAGE_SIZE) {
                older = "/ui/events?show=" + (sent ? "sent" : "pending") + "&type=" + Format.encode(type) + "&before_id=" + rows.getLast().id();
            }
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.ACCESS_DENIED) {
                throw e;
            }
            error = e.getMessage();
            status = Pages.status(e);
        }
        if (!type.isEmpty() && !types.contains(type)) {
            types.add(type);
        }
        View view = new View(sent, type, types, rows, older, error);
        pages.render(ctx, status, "events.jte", Map.of("page", Pages.frame(session, "Events", "events", ""), "view", view));
    }

    private static Row row(OutboxMessage message) {
        return new Row(message.id(), message.eventType(), message.orderingKey(), Format.date(message.createdAt()),
                message.deliveredAt().map(Format::date).orElse(""), String.join(", ", message.deliveredTo()), message.payload());
    }

    private static long number(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "before_id must be a whole number, got '" + text + "'");
        }
    }
}
