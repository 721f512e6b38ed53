package org.laguna.core.replica;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.did.DidKey;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's header redirect ({@code GET /redirect/{scope}/{name}}): one PFN of a file to send an HTTP
 * client to. The candidates are the file's available replicas through the given schemes (by default
 * {@code davs}, {@code https}, {@code s3}); {@code rse} takes that RSE's best PFN as it is, otherwise
 * {@code davs://} and {@code s3://} become {@code https://} (as Rucio does, for plain HTTP clients),
 * {@code site} keeps the RSEs whose attribute {@code site} is that site, and the choice among the
 * rest is random ({@code sort=random}, Rucio's default) or the best by protocol priority (any other
 * {@code sort}).
 */
public final class ReplicaRedirector {
    /** Rucio's schemes for HTTP redirection when none are asked for. */
    public static final List<String> DEFAULT_SCHEMES = List.of("davs", "https", "s3");
    /** Rucio's schemes for metalink redirection when none are asked for. */
    public static final List<String> METALINK_SCHEMES = List.of("http", "https", "root", "davs");

    private final Database database;
    private final ReplicaService replicas;
    private final RseRepository rses;
    private final RandomGenerator random;

    public ReplicaRedirector(Database database, ReplicaService replicas, RseRepository rses, RandomGenerator random) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.replicas = Objects.requireNonNull(replicas, "replicas is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /** The URL to redirect to; {@code ReplicaNotFound} when no replica fits. */
    public String select(Caller caller, DidKey did, List<String> schemes, Optional<String> rse, Optional<String> site, String sort) {
        List<String> wanted = schemes.isEmpty() ? DEFAULT_SCHEMES : schemes;
        List<ReplicaListing> files = new ArrayList<>();
        replicas.listReplicas(caller, new ReplicaListRequest(List.of(did), Optional.of(wanted), Optional.empty(), "wan",
                false, false, Optional.empty(), Optional.empty()), files::add);
        for (ReplicaListing file : files) {
            Map<String, List<String>> byRse = file.pfnsByRse();
            if (byRse.isEmpty()) {
                continue;
            }
            if (rse.isPresent()) {
                List<String> pfns = byRse.get(rse.get());
                if (pfns == null || pfns.isEmpty()) {
                    throw noRedirection();
                }
                return pfns.get(0);
            }
            // pfn to its RSE, best first (the listing's order)
            Map<String, String> candidates = new LinkedHashMap<>();
            file.pfns().forEach(pfn -> candidates.putIfAbsent(httpOnly(pfn.url()), pfn.rse()));
            if (site.isPresent()) {
                Set<String> atSite = rsesAtSite(caller, Set.copyOf(candidates.values()), site.get());
                candidates.values().removeIf(name -> !atSite.contains(name));
                if (candidates.isEmpty()) {
                    throw noRedirection();
                }
            }
            List<String> urls = new ArrayList<>(candidates.keySet());
            return "random".equals(sort) ? urls.get(random.nextInt(urls.size())) : urls.get(0);
        }
        throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "no redirection possible - file does not exist");
    }

    /**
     * Rucio's metalink redirect ({@code GET /redirect/{scope}/{name}/metalink}): the files of the DID with
     * their PFNs through the schemes (by default {@code http}, {@code https}, {@code root}, {@code davs}),
     * best first, or in random order with {@code sort=random}; {@code ReplicaNotFound} when the DID has no
     * file.
     */
    public List<ReplicaListing> metalink(Caller caller, DidKey did, List<String> schemes, String sort) {
        List<String> wanted = schemes.isEmpty() ? METALINK_SCHEMES : schemes;
        List<ReplicaListing> files = new ArrayList<>();
        replicas.listReplicas(caller, new ReplicaListRequest(List.of(did), Optional.of(wanted), Optional.empty(), "wan",
                false, false, Optional.empty(), Optional.empty()), file -> files.add("random".equals(sort) ? shuffled(file) : file));
        if (files.isEmpty()) {
            throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "no redirection possible - cannot find the DID");
        }
        return files;
    }

    /** The file with its PFNs in random order, ranked anew from 1. */
    private ReplicaListing shuffled(ReplicaListing file) {
        List<ReplicaListing.Pfn> pfns = new ArrayList<>(file.pfns());
        for (int i = pfns.size() - 1; i > 0; i--) {
            Collections.swap(pfns, i, random.nextInt(i + 1));
        }
        List<ReplicaListing.Pfn> ranked = new ArrayList<>(pfns.size());
        for (int i = 0; i < pfns.size(); i++) {
            ReplicaListing.Pfn p = pfns.get(i);
            ranked.add(new ReplicaListing.Pfn(p.url(), p.rseId(), p.rse(), p.rseType(), p.volatileRse(), p.domain(), i + 1, p.clientExtract()));
        }
        return new ReplicaListing(file.scope(), file.name(), file.bytes(), file.md5(), file.adler32(), ranked, file.states());
    }

    private Set<String> rsesAtSite(Caller caller, Set<String> names, String site) {
        return database.readOnly(tx -> {
            Set<String> found = new HashSet<>();
            for (String name : names) {
                Optional<Rse> rse = rses.find(tx, caller.vo(), name);
                if (rse.isPresent() && site.equals(String.valueOf(rses.attributes(tx, rse.get().id()).get("site")))) {
                    found.add(name);
                }
            }
            return found;
        });
    }

    private static String httpOnly(String pfn) {
        if (pfn.startsWith("davs://")) {
            return "https://" + pfn.substring("davs://".length());
        }
        if (pfn.startsWith("s3://")) {
            return "https://" + pfn.substring("s3://".length());
        }
        return pfn;
    }

    private static LagunaException noRedirection() {
        return new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "no redirection possible - no valid RSE for HTTP redirection found");
    }
}
