package org.laguna.core.did;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.core.did.DidRecords.NewDid;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code create_did_sample}: a new dataset holding {@code nbfiles} files drawn at random
 * from the files below a DID (all of them when it has fewer). The new dataset is added as
 * {@code POST /dids} adds one: the caller must own its scope or be an administrator.
 */
public final class DidSampler {
    private final DidListings listings;
    private final DidNamespace namespace;
    private final Random random;

    public DidSampler(DidListings listings, DidNamespace namespace, Random random) {
        this.listings = Objects.requireNonNull(listings, "listings is null");
        this.namespace = Objects.requireNonNull(namespace, "namespace is null");
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /** Creates the sample dataset; answers how many files it holds. */
    public int sample(Caller caller, DidKey input, DidKey output, int nbfiles) {
        if (nbfiles < 0) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "nbfiles must not be negative, got " + nbfiles);
        }
        Map<DidKey, Child> files = new LinkedHashMap<>();
        listings.listFiles(input, file -> {
            DidKey key = new DidKey(file.scope(), file.name());
            files.putIfAbsent(key, new Child(key, file.bytes(), file.adler32(), file.md5()));
        });
        List<Child> drawn = new ArrayList<>(files.values());
        Collections.shuffle(drawn, random);
        List<Child> children = drawn.subList(0, Math.min(nbfiles, drawn.size()));
        namespace.addDids(caller, List.of(new NewDid(output, DidType.DATASET, false, null, null, children, null, null)));
        return children.size();
    }
}
