package org.laguna.core.audit;

import java.util.Optional;

/**
 * Whether a storage listing (or dump) can be trusted enough to declare the catalogue's missing
 * files bad. A listing that is empty while the catalogue is not, or that holds far fewer files than
 * the catalogue of a large RSE, more likely stopped short (a wrong prefix, a truncated dump, a
 * listing cut off by the storage) than saw a mass loss: such a check reports what it found and
 * declares nothing.
 */
final class ListingTrust {
    /** From this many catalogue files on, a listing with fewer than half of them is not trusted. */
    static final long LARGE_RSE_FILES = 100;

    private ListingTrust() {
    }

    /** Why the missing files must not be declared bad, if they must not. */
    static Optional<String> distrust(long storageFiles, long catalogueFiles) {
        if (storageFiles == 0 && catalogueFiles > 0) {
            return Optional.of("the storage side is empty while the catalogue is not: no replica was declared bad");
        }
        if (catalogueFiles >= LARGE_RSE_FILES && storageFiles * 2 < catalogueFiles) {
            return Optional.of("the storage side holds " + storageFiles + " files, fewer than half of the catalogue's " + catalogueFiles
                    + ": the listing looks incomplete, no replica was declared bad");
        }
        return Optional.empty();
    }
}
