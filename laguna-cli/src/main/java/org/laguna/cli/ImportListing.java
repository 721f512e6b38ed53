package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ListableStorage;
import org.laguna.spi.storage.ServerSideChecksums;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;

/**
 * The import lines of a storage listing: every file below a path, with its size and (where the
 * storage gives one) adler32, named by its path on a non-deterministic RSE and by the RSE's layout on
 * a deterministic one. A file outside the layout keeps its file name, so the server names the
 * path the layout expects.
 */
final class ImportListing {
    private final StorageAccess storage;
    private final StorageAccess.Protocol protocol;
    private final String rse;
    private final String scope;
    private final boolean deterministic;
    private final String algorithm;

    ImportListing(LagunaClient client, StorageAccess storage, JsonNode info, String scope) {
        this.storage = storage;
        this.protocol = storage.best(info, "read");
        this.rse = info.path("rse").asText();
        this.scope = scope;
        this.deterministic = info.path("deterministic").asBoolean(true);
        this.algorithm = deterministic ? algorithm(client, rse) : null;
    }

    /** The layout algorithm of a deterministic RSE, {@code hash} unless its lfn2pfn_algorithm attribute says otherwise. */
    static String algorithm(LagunaClient client, String rse) {
        return client.rses().attributes(rse).path("lfn2pfn_algorithm").asText("hash");
    }

    void read(String prefix, ImportNames.NameFrom nameFrom, Consumer<Map<String, Object>> add) {
        String base = ImportNames.trimSlashes(protocol.prefix());
        try (StorageProtocol target = storage.open(protocol)) {
            if (!(target instanceof ListableStorage listable)) {
                throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "The " + protocol.scheme() + " storage of " + rse
                        + " cannot list");
            }
            List<StoredObject> objects = new ArrayList<>();
            listable.list(ImportVerifier.pfn(protocol, prefix), objects::add);
            String marker = base.isEmpty() ? "/" : "/" + base + "/";
            for (StoredObject object : objects) {
                String relative = object.pfn().substring(object.pfn().indexOf(marker) + marker.length());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("scope", scope);
                entry.put("name", name(relative, nameFrom));
                entry.put("bytes", object.size());
                entry.put("path", relative);
                checksum(target, object).ifPresent(a -> entry.put("adler32", a));
                add.accept(entry);
            }
        }
    }

    private String name(String relative, ImportNames.NameFrom nameFrom) {
        if (!deterministic) {
            return ImportNames.name(nameFrom, relative);
        }
        return ImportNames.fromLayout(algorithm, scope, relative).orElseGet(() -> ImportNames.name(ImportNames.NameFrom.basename, relative));
    }

    private static Optional<String> checksum(StorageProtocol target, StoredObject object) {
        if (object.adler32().isPresent()) {
            return object.adler32();
        }
        if (target instanceof ServerSideChecksums checksums) {
            return checksums.checksum(object.pfn(), "adler32");
        }
        return Optional.empty();
    }
}
