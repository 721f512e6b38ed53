package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.liveconfig.RuntimeConfig;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code /config}: GET every section, POST {@code {section: {option: value}}};
 * {@code /config/{section}}: GET, DELETE; {@code /config/{section}/{option}}: GET, DELETE;
 * {@code /config/{section}/{option}/{value}}: PUT. Administrators only.
 */
public final class ConfigResource implements Resource {
    private final RuntimeConfig config;

    public ConfigResource(RuntimeConfig config) {
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/config", ctx -> Http.json(ctx, config.all(Http.caller(ctx))));
        routes.post("/config", ctx -> {
            ObjectNode body = Http.jsonObject(ctx);
            for (Map.Entry<String, JsonNode> section : body.properties()) {
                if (!section.getValue().isObject()) {
                    throw new LagunaException(ErrorCode.VALUE_ERROR, "the options of section '" + section.getKey() + "' must be a dictionary");
                }
                for (Map.Entry<String, JsonNode> option : section.getValue().properties()) {
                    JsonNode value = option.getValue();
                    if (value.isContainerNode() || value.isNull()) {
                        throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "Could not set value '" + value + "' for section '"
                                + section.getKey() + "' option '" + option.getKey() + "'");
                    }
                    config.set(Http.caller(ctx), section.getKey(), option.getKey(), value.asText());
                }
            }
            Http.created(ctx);
        });
        routes.get("/config/{section}", ctx -> Http.json(ctx, config.section(Http.caller(ctx), ctx.pathParam("section"))));
        routes.delete("/config/{section}", ctx -> {
            config.deleteSection(Http.caller(ctx), ctx.pathParam("section"));
            ctx.status(200);
        });
        routes.get("/config/{section}/{option}", ctx -> Http.json(ctx,
                config.get(Http.caller(ctx), ctx.pathParam("section"), ctx.pathParam("option"))));
        routes.delete("/config/{section}/{option}", ctx -> {
            config.deleteOption(Http.caller(ctx), ctx.pathParam("section"), ctx.pathParam("option"));
            ctx.status(200);
        });
        routes.put("/config/{section}/{option}/{value}", ctx -> {
            config.set(Http.caller(ctx), ctx.pathParam("section"), ctx.pathParam("option"), ctx.pathParam("value"));
            Http.created(ctx);
        });
    }
}
