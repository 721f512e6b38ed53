package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.Caller;
import org.laguna.core.did.DidKey;
import org.laguna.core.replica.ReplicaListRequest;
import org.laguna.core.replica.ReplicaListing;
import org.laguna.core.replica.ReplicaService;
import org.laguna.core.storage.SigningService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Downloads of a file's replica from the browser. The link on a DID's page leads here; the server
 * signs, at that moment, a short-lived read URL for the replica's PFN on that RSE (the service of
 * {@code GET /credentials/signurl}, with its permission check) and sends the browser there. The
 * storage's keys stay on the server: the browser only ever sees a URL that expires.
 */
final class DownloadLinks {
    /** How long a download URL works: long enough to start the download, short enough not to be worth keeping. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private final Pages pages;
    private final ReplicaService replicas;
    private final SigningService signing;

    DownloadLinks(Pages pages, ReplicaService replicas, SigningService signing) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.replicas = Objects.requireNonNull(replicas, "replicas is null");
        this.signing = Objects.requireNonNull(signing, "signing is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/download", pages.page(this::download));
    }

    /** The link to download the file from the RSE. */
    static String url(String scope, String name, String rse) {
        return "/ui/download?scope=" + Format.encode(scope) + "&name=" + Format.encode(name) + "&rse=" + Format.encode(rse);
    }

    /** The RSEs holding an available replica of the file whose storage can sign a URL for it. */
    Set<String> downloadable(Caller caller, DidKey file) {
        Set<String> rses = new LinkedHashSet<>();
        for (ReplicaListing listing : list(caller, file)) {
            listing.pfns().stream().filter(pfn -> signable(pfn.url())).forEach(pfn -> rses.add(pfn.rse()));
        }
        return rses;
    }

    private void download(Context ctx, UiSession session) {
        String scope = ctx.queryParam("scope");
        String name = ctx.queryParam("name");
        String rse = ctx.queryParam("rse");
        if (scope == null || scope.isBlank() || name == null || name.isBlank() || rse == null || rse.isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "a download names the file's scope and name and the RSE");
        }
        List<String> pfns = new ArrayList<>();
        for (ReplicaListing listing : list(session.caller(), new DidKey(scope, name))) {
            listing.pfns().stream().filter(pfn -> pfn.rse().equals(rse) && signable(pfn.url())).forEach(pfn -> pfns.add(pfn.url()));
        }
        if (pfns.isEmpty()) {
            throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "No available replica of " + scope + ":" + name + " on " + rse
                    + " can be downloaded from a browser (its storage cannot sign URLs, or the replica is not available)");
        }
        URI signed = signing.sign(session.caller(), rse, pfns.getFirst(), "read", shortest(signing.defaultLifetime()));
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.redirect(signed.toString(), HttpStatus.SEE_OTHER);
    }

    private List<ReplicaListing> list(Caller caller, DidKey file) {
        List<ReplicaListing> found = new ArrayList<>();
        replicas.listReplicas(caller, new ReplicaListRequest(List.of(file), Optional.empty(), Optional.empty(), "wan", false, false,
                Optional.empty(), Optional.empty()), found::add);
        return found;
    }

    private boolean signable(String pfn) {
        int at = pfn.indexOf("://");
        return at > 0 && signing.canSign(pfn.substring(0, at));
    }

    private static Duration shortest(Duration configured) {
        return configured.compareTo(LIFETIME) < 0 ? configured : LIFETIME;
    }
}
