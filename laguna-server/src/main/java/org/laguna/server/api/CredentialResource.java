package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Objects;
import org.laguna.core.storage.SigningService;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /credentials/signurl}: signed storage URLs, the only form in which storage access leaves the server. */
public final class CredentialResource implements Resource {
    private final SigningService signing;

    public CredentialResource(SigningService signing) {
        this.signing = Objects.requireNonNull(signing, "signing is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/credentials/signurl", this::sign);
        routes.get("/credentials/signur", this::sign);
    }

    private void sign(Context ctx) {
        String rse = ctx.queryParam("rse");
        if (rse == null || rse.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"rse\" not found");
        }
        String url = ctx.queryParam("url");
        if (url == null || url.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"url\" not found");
        }
        String service = ctx.queryParam("svc");
        if (service != null && !service.isBlank() && !service.equals("s3") && !service.equals("gcs") && !service.equals("swift")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"svc\" must be either empty (which defaults to \"gcs\"), \"gcs\", \"s3\" or \"swift\"");
        }
        Duration lifetime;
        try {
            lifetime = ctx.queryParam("lifetime") == null ? signing.defaultLifetime() : Duration.ofSeconds(Long.parseLong(ctx.queryParam("lifetime")));
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"lifetime\" must be seconds, got '" + ctx.queryParam("lifetime") + "'");
        }
        String operation = ctx.queryParam("op") == null || ctx.queryParam("op").isBlank() ? "read" : ctx.queryParam("op");
        ctx.contentType("application/octet-stream");
        ctx.result(signing.sign(Http.caller(ctx), rse, url, operation, lifetime).toString());
    }
}
