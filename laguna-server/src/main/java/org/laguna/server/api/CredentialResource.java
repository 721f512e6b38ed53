package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.oidc.JwtVerifier;
import org.laguna.core.storage.ServerStorage.IssuedStorageToken;
import org.laguna.core.storage.StorageTokenService;
import org.laguna.server.http.AuthFilter;
import org.laguna.core.storage.SigningService;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code /credentials/signurl}: signed storage URLs; and Laguna's {@code /credentials/token}: a bearer token for
 * one object of a token-protected storage. These are the only forms in which storage access leaves the server, each
 * for one operation on one object.
 */
public final class CredentialResource implements Resource {
    private final SigningService signing;
    private final StorageTokenService tokens;

    public CredentialResource(SigningService signing, StorageTokenService tokens) {
        this.signing = Objects.requireNonNull(signing, "signing is null");
        this.tokens = Objects.requireNonNull(tokens, "tokens is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/credentials/signurl", this::sign);
        routes.get("/credentials/signur", this::sign);
        routes.get("/credentials/token", this::token);
    }

    /** {@code ?rse=RSE&url=PFN&op=read|write|delete}: {@code token}, {@code token_type}, {@code audience}, {@code scope}, {@code grant}. */
    private void token(Context ctx) {
        String rse = required(ctx, "rse");
        String url = required(ctx, "url");
        String operation = ctx.queryParam("op") == null || ctx.queryParam("op").isBlank() ? "read" : ctx.queryParam("op");
        String presented = AuthFilter.token(ctx);
        Optional<String> userToken = presented != null && JwtVerifier.looksLikeJwt(presented) ? Optional.of(presented) : Optional.empty();
        IssuedStorageToken issued = tokens.token(Http.caller(ctx), userToken, rse, url, operation);
        Http.json(ctx, Http.ordered("token", issued.token(), "token_type", "Bearer", "audience", issued.audience(), "scope", issued.scope(),
                "grant", issued.grant()));
    }

    private static String required(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"" + name + "\" not found");
        }
        return value;
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
