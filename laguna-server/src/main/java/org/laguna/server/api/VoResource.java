package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Bootstrap;
import org.laguna.core.auth.Caller;
import org.laguna.core.vo.VoCatalogue;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.server.vo.VoRuntimes;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * {@code /vos}: list, add and update the VOs of a server of several VOs, and give a VO's root
 * another identity. Only {@code super_root} of the default VO may; on a server of one VO they
 * answer UnsupportedOperation (to super_root; AccessDenied to everyone else), as Rucio's do.
 */
public final class VoResource implements Resource {
    private static final Set<String> VO_FIELDS = Set.of("description", "email");
    private static final Set<String> RECOVER_FIELDS = Set.of("identity", "authtype", "email", "password", "default");

    private final Optional<VoRuntimes> vos;
    private final boolean multiVo;

    /** {@code vos} is present on the default VO's server of several VOs, empty on a VO's own routes and on servers of one VO. */
    public VoResource(Optional<VoRuntimes> vos, boolean multiVo) {
        this.vos = Objects.requireNonNull(vos, "vos is null");
        this.multiVo = multiVo;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/vos", this::list);
        routes.post("/vos/{vo}/recover", this::recover);
        routes.post("/vos/{vo}", this::add);
        routes.put("/vos/{vo}", this::update);
    }

    private void list(Context ctx) {
        VoRuntimes runtimes = allowed(ctx, "list VOs");
        NdjsonWriter.stream(ctx, sink -> runtimes.catalogue().list().forEach(vo -> sink.accept(Http.ordered(
                "vo", vo.vo(), "description", vo.description(), "email", vo.email(), "created_at", Http.date(vo.createdAt())))));
    }

    private void add(Context ctx) {
        VoRuntimes runtimes = allowed(ctx, "add a VO");
        JsonNode body = Http.optionalJsonObject(ctx);
        Http.requireKnownKeys(body, "the VO", VO_FIELDS);
        runtimes.add(VoCatalogue.checkName(ctx.pathParam("vo")), Http.optionalText(body, "description"), Http.optionalText(body, "email"));
        Http.created(ctx);
    }

    private void update(Context ctx) {
        VoRuntimes runtimes = allowed(ctx, "update VO");
        JsonNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the VO", VO_FIELDS);
        runtimes.catalogue().update(ctx.pathParam("vo"), Optional.ofNullable(Http.optionalText(body, "description")),
                Optional.ofNullable(Http.optionalText(body, "email")));
        ctx.status(200).result("");
    }

    private void recover(Context ctx) {
        VoRuntimes runtimes = allowed(ctx, "recover root identity");
        JsonNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the identity", RECOVER_FIELDS);
        Boolean isDefault = Http.optionalBool(body, "default");
        runtimes.recoverRoot(ctx.pathParam("vo"), Http.requiredText(body, "identity"), Http.requiredText(body, "authtype"),
                Http.optionalText(body, "email"), Http.optionalText(body, "password"), isDefault != null && isDefault);
        Http.created(ctx);
    }

    /** The VOs, if the caller is super_root of the default VO on a server of several VOs. */
    private VoRuntimes allowed(Context ctx, String what) {
        Caller caller = Http.caller(ctx);
        boolean superRoot = caller.account().equals(Bootstrap.SUPER_ROOT) && caller.vo().equals(AuthService.DEFAULT_VO)
                && (vos.isPresent() || !multiVo);
        if (!superRoot) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " cannot " + what
                    + ": only " + Bootstrap.SUPER_ROOT + " of the default VO manages VOs");
        }
        return vos.orElseThrow(() -> new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                "VO operations cannot be performed in single VO mode."));
    }
}
