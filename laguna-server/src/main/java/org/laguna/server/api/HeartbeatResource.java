package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.HeartbeatService;
import org.laguna.core.daemon.Heartbeat;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/** Rucio's {@code GET /heartbeats}: the live daemon instances, for administrators. */
public final class HeartbeatResource implements Resource {
    private final HeartbeatService heartbeats;

    public HeartbeatResource(HeartbeatService heartbeats) {
        this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/heartbeats", ctx -> Http.json(ctx,
                heartbeats.listLive(Http.caller(ctx)).stream().map(HeartbeatResource::json).toList()));
    }

    private static Map<String, Object> json(Heartbeat heartbeat) {
        return Http.ordered(
                "readable", heartbeat.instance().daemon(),
                "hostname", heartbeat.instance().hostname(),
                "pid", heartbeat.instance().pid(),
                "thread_name", heartbeat.threadName(),
                "updated_at", Http.date(heartbeat.updatedAt()),
                "created_at", Http.date(heartbeat.createdAt()),
                "payload", heartbeat.payload().orElse(null));
    }
}
