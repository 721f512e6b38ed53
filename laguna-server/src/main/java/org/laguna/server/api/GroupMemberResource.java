package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import org.laguna.core.account.GroupMembers;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;

/**
 * The members of GROUP accounts, a Laguna extension in the style of Rucio's {@code /accounts}
 * routes: {@code GET|POST|DELETE /accounts/{group}/members[/{member}]} and
 * {@code GET /accounts/{account}/groups}.
 */
public final class GroupMemberResource implements Resource {
    private final GroupMembers members;

    public GroupMemberResource(GroupMembers members) {
        this.members = Objects.requireNonNull(members, "members is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/accounts/{account}/members", ctx -> rows(ctx, members.members(Http.caller(ctx), ctx.pathParam("account")), "account"));
        routes.post("/accounts/{account}/members/{member}", this::add);
        routes.delete("/accounts/{account}/members/{member}", ctx ->
                members.remove(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("member")));
        routes.get("/accounts/{account}/groups", ctx -> rows(ctx, members.groupsOf(Http.caller(ctx), ctx.pathParam("account")), "group"));
    }

    private void add(Context ctx) {
        members.add(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("member"));
        Http.created(ctx);
    }

    /** The list as NDJSON, one object a line, as Rucio's listings of an account's identities. */
    private static void rows(Context ctx, List<GroupMembers.Membership> list, String nameKey) {
        NdjsonWriter.stream(ctx, sink -> list.forEach(m ->
                sink.accept(Http.ordered(nameKey, m.account(), "type", m.accountType(), "created_at", Http.date(m.since())))));
    }
}
