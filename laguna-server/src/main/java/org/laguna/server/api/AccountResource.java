package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.account.Account;
import org.laguna.core.account.AccountService;
import org.laguna.core.auth.Caller;
import org.laguna.core.scope.ScopeService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /accounts} and {@code /identities} endpoints. */
public final class AccountResource implements Resource {
    private final AccountService accounts;
    private final ScopeService scopes;

    public AccountResource(AccountService accounts, ScopeService scopes) {
        this.accounts = Objects.requireNonNull(accounts, "accounts is null");
        this.scopes = Objects.requireNonNull(scopes, "scopes is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/accounts", this::list);
        routes.get("/accounts/whoami", ctx -> ctx.redirect("/accounts/" + Http.caller(ctx).account(), HttpStatus.SEE_OTHER));
        routes.get("/accounts/{account}", ctx -> Http.json(ctx, json(accounts.get(Http.caller(ctx), ctx.pathParam("account")))));
        routes.post("/accounts/{account}", this::add);
        routes.put("/accounts/{account}", this::update);
        routes.delete("/accounts/{account}", ctx -> accounts.delete(Http.caller(ctx), ctx.pathParam("account")));

        routes.get("/accounts/{account}/attr", this::attributes);
        routes.post("/accounts/{account}/attr/{key}", this::addAttribute);
        routes.delete("/accounts/{account}/attr/{key}", ctx -> accounts.deleteAttribute(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("key")));

        routes.get("/accounts/{account}/scopes", ctx -> Http.json(ctx, scopes.listFor(Http.caller(ctx), ctx.pathParam("account"))));
        routes.post("/accounts/{account}/scopes/{scope}", this::addScope);

        routes.get("/accounts/{account}/identities", this::identities);
        routes.post("/accounts/{account}/identities", this::addIdentity);
        routes.delete("/accounts/{account}/identities", this::deleteIdentity);
        routes.put("/identities/{account}/userpass", this::addUserpass);
        routes.get("/identities/{identity}/{type}/accounts", ctx ->
                Http.json(ctx, accounts.accountsOfIdentity(Http.caller(ctx), ctx.pathParam("identity"), ctx.pathParam("type"))));

        registerLimits(routes);
        for (String path : List.of("/accounts/{account}/usage", "/accounts/{account}/usage/local")) {
            routes.get(path, ctx -> usage(ctx, Optional.empty()));
        }
        for (String path : List.of("/accounts/{account}/usage/{rse}", "/accounts/{account}/usage/local/{rse}")) {
            routes.get(path, this::usageOnRse);
        }
    }

    private void registerLimits(RoutesConfig routes) {
        for (String path : List.of("/accounts/{account}/limits", "/accounts/{account}/limits/local")) {
            routes.get(path, ctx -> Http.json(ctx, accounts.localLimits(Http.caller(ctx), ctx.pathParam("account"), Optional.empty())));
        }
        for (String path : List.of("/accounts/{account}/limits/{rse}", "/accounts/{account}/limits/local/{rse}")) {
            routes.get(path, this::limitsOnRse);
        }
        routes.post("/accounts/{account}/limits/local/{rse}", ctx -> {
            accounts.setLocalLimit(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("rse"), bytes(ctx));
            Http.created(ctx);
        });
        routes.delete("/accounts/{account}/limits/local/{rse}", ctx ->
                accounts.deleteLocalLimit(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("rse")));
        routes.get("/accounts/{account}/limits/global/{expression}", ctx -> Http.json(ctx,
                globalLimitsJson(accounts.globalLimits(Http.caller(ctx), ctx.pathParam("account"), Optional.of(ctx.pathParam("expression"))))));
        routes.post("/accounts/{account}/limits/global/{expression}", ctx -> {
            accounts.setGlobalLimit(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("expression"), bytes(ctx));
            Http.created(ctx);
        });
        routes.delete("/accounts/{account}/limits/global/{expression}", ctx ->
                accounts.deleteGlobalLimit(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("expression")));
    }

    private void list(Context ctx) {
        Caller caller = Http.caller(ctx);
        Map<String, String> filters = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, values) -> {
            if (!values.isEmpty()) {
                filters.put(key, values.getFirst());
            }
        });
        NdjsonWriter.stream(ctx, sink -> accounts.list(caller, filters,
                a -> sink.accept(Http.ordered("account", a.account(), "type", a.accountType(), "email", a.email() == null ? "" : a.email()))));
    }

    private void add(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "account", Set.of("type", "email"));
        accounts.add(Http.caller(ctx), ctx.pathParam("account"), Http.requiredText(body, "type"), Http.optionalText(body, "email"));
        Http.created(ctx);
    }

    private void update(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "account update", Set.of("status", "email"));
        body.fields().forEachRemaining(e -> accounts.update(Http.caller(ctx), ctx.pathParam("account"), e.getKey(),
                e.getValue().isNull() ? null : e.getValue().asText()));
    }

    private void attributes(Context ctx) {
        List<Map<String, Object>> list = new ArrayList<>();
        accounts.attributes(Http.caller(ctx), ctx.pathParam("account")).forEach((k, v) -> list.add(Http.ordered("key", k, "value", v)));
        Http.json(ctx, list);
    }

    private void addAttribute(Context ctx) throws Exception {
        JsonNode value = Http.jsonObject(ctx).get("value");
        if (value == null || value.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        accounts.addAttribute(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("key"), Http.JSON.treeToValue(value, Object.class));
        Http.created(ctx);
    }

    private void identities(Context ctx) {
        var list = accounts.identities(Http.caller(ctx), ctx.pathParam("account"));
        NdjsonWriter.stream(ctx, sink -> list.forEach(i -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("type", i.type());
            row.put("identity", i.identity());
            row.put("email", i.email());
            sink.accept(row);
        }));
    }

    private void addIdentity(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "identity", Set.of("identity", "authtype", "email", "password", "default"));
        Boolean isDefault = Http.optionalBool(body, "default");
        accounts.addIdentity(Http.caller(ctx), ctx.pathParam("account"), Http.requiredText(body, "identity"),
                Http.requiredText(body, "authtype"), Http.optionalText(body, "email"), Http.optionalText(body, "password"),
                isDefault != null && isDefault);
        Http.created(ctx);
    }

    private void deleteIdentity(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        accounts.deleteIdentity(Http.caller(ctx), ctx.pathParam("account"), Http.requiredText(body, "identity"),
                Http.requiredText(body, "authtype"));
    }

    private void addUserpass(Context ctx) {
        String username = ctx.header("X-Rucio-Username");
        String password = ctx.header("X-Rucio-Password");
        if (username == null || password == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Username, Email and Password must be set.");
        }
        accounts.addIdentity(Http.caller(ctx), ctx.pathParam("account"), username, "USERPASS", ctx.header("X-Rucio-Email"), password, true);
        Http.created(ctx);
    }

    private void limitsOnRse(Context ctx) {
        if (ctx.pathParam("rse").equals("global")) {
            Http.json(ctx, globalLimitsJson(accounts.globalLimits(Http.caller(ctx), ctx.pathParam("account"), Optional.empty())));
            return;
        }
        Http.json(ctx, accounts.localLimits(Http.caller(ctx), ctx.pathParam("account"), Optional.of(ctx.pathParam("rse"))));
    }

    /** Rucio's global limits: per expression, {@code resolved_rses} and {@code limit}. */
    private static Map<String, Object> globalLimitsJson(Map<String, AccountService.GlobalLimit> limits) {
        Map<String, Object> out = new LinkedHashMap<>();
        limits.forEach((expression, limit) -> out.put(expression, Http.ordered("resolved_rses", limit.resolvedRses(), "limit", limit.limit())));
        return out;
    }

    private void usageOnRse(Context ctx) {
        if (ctx.pathParam("rse").equals("global")) {
            usage(ctx, accounts.globalUsage(Http.caller(ctx), ctx.pathParam("account")));
            return;
        }
        usage(ctx, Optional.of(ctx.pathParam("rse")));
    }

    void addScope(Context ctx) {
        scopes.add(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("scope"));
        Http.created(ctx);
    }

    private void usage(Context ctx, Optional<String> rse) {
        usage(ctx, accounts.localUsage(Http.caller(ctx), ctx.pathParam("account"), rse));
    }

    private static void usage(Context ctx, List<AccountService.Usage> rows) {
        NdjsonWriter.stream(ctx, sink -> rows.forEach(u -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("rse_id", u.rseId().toString());
            row.put("rse", u.rse());
            row.put("bytes", u.bytes());
            row.put("files", u.files());
            row.put("bytes_limit", u.bytesLimit());
            row.put("bytes_remaining", u.bytesLimit() == null ? null : u.bytesLimit() < 0 ? null : u.bytesLimit() - u.bytes());
            sink.accept(row);
        }));
    }

    private static long bytes(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "limit", Set.of("bytes"));
        JsonNode bytes = body.get("bytes");
        if (bytes != null && bytes.isTextual() && bytes.asText().equalsIgnoreCase("infinity")) {
            return -1;
        }
        Long value = Http.optionalLong(body, "bytes");
        if (value == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "bytes not defined");
        }
        return value;
    }

    static Map<String, Object> json(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("account", account.account());
        json.put("account_type", account.accountType());
        json.put("status", account.status());
        json.put("email", account.email());
        json.put("suspended_at", Http.date(account.suspendedAt()));
        json.put("deleted_at", Http.date(account.deletedAt()));
        json.put("created_at", Http.date(account.createdAt()));
        json.put("updated_at", Http.date(account.updatedAt()));
        return json;
    }
}
