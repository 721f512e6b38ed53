package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidRecords.Did;
import org.laguna.core.did.DidRecords.Metadata;
import org.laguna.core.did.DidServices;
import org.laguna.core.did.MetadataPlugin;
import org.laguna.core.replica.DatasetReplicaService;
import org.laguna.core.replica.ReplicaListRequest;
import org.laguna.core.replica.ReplicaService;
import org.laguna.core.rule.RuleService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * One DID: its metadata, one page of its content (read by key, so a dataset of a million files opens
 * as fast as a small one), its parents, its replicas per RSE with their states, and its rules.
 */
final class DidPage {
    static final int PAGE_SIZE = 100;
    static final int MAX_PARENTS = 100;

    /** A metadata key and its value as text. */
    public record Entry(String key, String value) {
    }

    /** A child or a parent. */
    public record Member(String scope, String name, String type, Long bytes) {
        public String url() {
            return Format.didUrl(scope, name);
        }
    }

    /**
     * A replica on one RSE: its state, for a collection how many files and bytes are available there, and
     * for a file the link that downloads it through a signed URL ("" when its storage cannot sign one).
     */
    public record Replica(String rse, String state, String detail, String download) {
        public Replica(String rse, String state, String detail) {
            this(rse, state, detail, "");
        }

        public String url() {
            return Format.rseUrl(rse);
        }
    }

    /**
     * Everything the page shows; {@code next} links to the next page of content ("" when there is none);
     * the replicas of a collection come apart (see {@link #replicas(Context, UiSession)}).
     */
    public record View(String scope, String name, String type, String account, Long bytes, Long length, String open, String expires,
                       List<Entry> columns, List<Entry> keys, List<Member> content, String next, boolean firstPage, List<Member> parents,
                       boolean moreParents, List<Replica> replicas, List<RuleRow> rules) {
        public String replicasUrl() {
            return "/ui/did/replicas?scope=" + Format.encode(scope) + "&name=" + Format.encode(name);
        }

        /** The rule wizard with this DID picked. */
        public String newRuleUrl() {
            return "/ui/rules/new?dids=" + Format.encode(scope + ":" + name);
        }
    }

    private final Pages pages;
    private final DidServices dids;
    private final ReplicaService replicas;
    private final DatasetReplicaService datasetReplicas;
    private final RuleService rules;
    private final DownloadLinks downloads;

    DidPage(Pages pages, DidServices dids, ReplicaService replicas, DatasetReplicaService datasetReplicas, RuleService rules,
            DownloadLinks downloads) {
        this.downloads = Objects.requireNonNull(downloads, "downloads is null");
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.dids = Objects.requireNonNull(dids, "dids is null");
        this.replicas = Objects.requireNonNull(replicas, "replicas is null");
        this.datasetReplicas = Objects.requireNonNull(datasetReplicas, "datasetReplicas is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/did", pages.page(this::show));
        routes.get("/ui/did/replicas", pages.page(this::replicas));
    }

    /**
     * The replicas of a collection, counted over all its files: asked for by the DID page once it is shown
     * (htmx), so that the page of a dataset of a million files comes first; a whole page without JavaScript.
     */
    private void replicas(Context ctx, UiSession session) {
        DidKey ref = ref(ctx);
        Did did = dids.namespace().getDid(ref, null);
        List<Replica> found = replicas(session.caller(), ref, did.type());
        Map<String, Object> params = Map.of("page", Pages.frame(session, "Replicas of " + ref.scope() + ":" + ref.name(), "namespace", ""),
                "scope", ref.scope(), "name", ref.name(), "type", did.type().name(), "replicas", found);
        pages.render(ctx, ctx.header("HX-Request") != null ? "did_replicas.jte" : "replicas_page.jte", params);
    }

    private static DidKey ref(Context ctx) {
        String scope = ctx.queryParam("scope");
        String name = ctx.queryParam("name");
        if (scope == null || scope.isBlank() || name == null || name.isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "a DID is named by its scope and its name");
        }
        return new DidKey(scope, name);
    }

    private void show(Context ctx, UiSession session) {
        DidKey ref = ref(ctx);
        String scope = ref.scope();
        String name = ref.name();
        Did did = dids.namespace().getDid(ref, null);
        Metadata metadata = dids.metadata().getMetadata(ref, MetadataPlugin.ALL);
        List<Entry> columns = new ArrayList<>();
        metadata.columns().stream().filter(column -> column.value() != null)
                .forEach(column -> columns.add(new Entry(column.column(), text(column.value()))));
        List<Entry> keys = new ArrayList<>();
        metadata.keys().properties().forEach(key -> keys.add(new Entry(key.getKey(), key.getValue().isTextual()
                ? key.getValue().textValue() : key.getValue().toString())));
        List<Member> content = new ArrayList<>();
        String next = "";
        DidKey after = after(ctx);
        if (did.type() != DidType.FILE) {
            dids.listings().listContentPage(ref, after, PAGE_SIZE + 1,
                    child -> content.add(new Member(child.scope(), child.name(), child.type().name(), child.bytes())));
            if (content.size() > PAGE_SIZE) {
                content.removeLast();
                Member last = content.getLast();
                next = Format.didUrl(scope, name) + "&after_scope=" + Format.encode(last.scope()) + "&after_name=" + Format.encode(last.name());
            }
        }
        List<Member> parents = new ArrayList<>();
        int[] parentCount = {0};
        dids.listings().listParents(ref, parent -> {
            if (++parentCount[0] <= MAX_PARENTS) {
                parents.add(new Member(parent.scope(), parent.name(), parent.type().name(), null));
            }
        });
        List<RuleRow> didRules = new ArrayList<>();
        rules.listForDid(ref, rule -> didRules.add(RuleRow.of(rule)));
        View view = new View(scope, name, did.type().name(), did.account(), did.bytes(), did.length(),
                did.open() == null ? "" : did.open() ? "open" : "closed", Format.date(did.expiredAt()), columns, keys, content, next,
                after == null, parents, parentCount[0] > MAX_PARENTS,
                did.type() == DidType.FILE ? replicas(session.caller(), ref, did.type()) : List.of(), didRules);
        pages.render(ctx, "did.jte", Map.of("page", Pages.frame(session, scope + ":" + name, "namespace", ""), "view", view));
    }

    private static DidKey after(Context ctx) {
        String scope = ctx.queryParam("after_scope");
        String name = ctx.queryParam("after_name");
        return scope == null || name == null || scope.isEmpty() || name.isEmpty() ? null : new DidKey(scope, name);
    }

    private List<Replica> replicas(Caller caller, DidKey ref, DidType type) {
        List<Replica> found = new ArrayList<>();
        if (type == DidType.FILE) {
            Set<String> downloadable = downloads.downloadable(caller, ref);
            replicas.listReplicas(caller, new ReplicaListRequest(List.of(ref), Optional.empty(), Optional.empty(), "wan", true, false,
                    Optional.empty(), Optional.empty()), listing -> listing.states().forEach((rse, state) -> found.add(new Replica(rse, state.name(), "",
                    downloadable.contains(rse) ? DownloadLinks.url(ref.scope(), ref.name(), rse) : ""))));
        } else if (type == DidType.DATASET) {
            datasetReplicas.list(caller, ref.scope(), ref.name()).forEach(replica -> found.add(new Replica(replica.rse(), replica.state(),
                    replica.availableLength() + " of " + replica.length() + " files, " + Format.bytes(replica.availableBytes()) + " available")));
        }
        return found;
    }

    private static String text(Object value) {
        return value instanceof Instant instant ? Format.date(instant) : String.valueOf(value);
    }
}
