package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Objects;
import org.laguna.core.meta.MetaConventions;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code /meta_conventions/}: GET lists the keys; {@code /meta_conventions/{key}}: POST adds
 * a key ({@code key_type}, {@code value_type}, {@code value_regexp}, and Laguna's {@code is_enum}: only the
 * key's values are allowed); {@code /meta_conventions/{key}/}:
 * GET lists the key's values, POST adds one ({@code value}). The server ignores trailing slashes,
 * so the two POSTs are told apart by the slash of the request's path.
 */
public final class MetaConventionResource implements Resource {
    private final MetaConventions conventions;

    public MetaConventionResource(MetaConventions conventions) {
        this.conventions = Objects.requireNonNull(conventions, "conventions is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/meta_conventions", ctx -> Http.json(ctx, conventions.listKeys()));
        routes.get("/meta_conventions/{key}", ctx -> Http.json(ctx, conventions.listValues(ctx.pathParam("key"))));
        routes.post("/meta_conventions/{key}", ctx -> {
            if (ctx.path().endsWith("/")) {
                addValue(ctx);
            } else {
                addKey(ctx);
            }
        });
    }

    private void addKey(Context ctx) {
        ObjectNode body = Http.optionalJsonObject(ctx);
        JsonNode keyType = body.get("key_type");
        if (keyType != null && !keyType.isNull() && !keyType.isTextual()) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_KEY_TYPE, "The type '" + keyType + "' is not supported for keys!");
        }
        JsonNode valueType = body.get("value_type");
        if (valueType != null && !valueType.isNull() && !valueType.isTextual()) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_VALUE_TYPE, "The type '" + valueType + "' is not supported for values!");
        }
        conventions.addKey(Http.caller(ctx), ctx.pathParam("key"), textOrNull(keyType), textOrNull(valueType),
                Http.optionalText(body, "value_regexp"), Boolean.TRUE.equals(Http.optionalBool(body, "is_enum")));
        Http.created(ctx);
    }

    private void addValue(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        conventions.addValue(Http.caller(ctx), ctx.pathParam("key"), body.get("value"));
        Http.created(ctx);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.textValue();
    }
}
