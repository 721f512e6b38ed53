package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.laguna.client.LagunaClient;
import org.laguna.spi.storage.ServerSideChecksums;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;

/**
 * Checks manifest lines against the storage before they are registered: the file must be there
 * with the manifest's size, and with the manifest's adler32 where the storage reports one (or, with
 * {@link Verify#checksum}, where the file is read). Lines that fail are reported, never sent.
 */
final class ImportVerifier {
    /** How much of a manifest line is checked against the storage. */
    enum Verify {
        /** That the file exists with the manifest's size, and its adler32 where the storage reports one without reading it. */
        size,
        /** As {@code size}, and the adler32 computed from the file's bytes where the storage does not report one. */
        checksum,
        /** Nothing: the manifest is trusted. */
        none
    }

    /** Why a line was not imported: the file is missing, or it is not what the line says. */
    record Problem(boolean missing, String message) {
    }

    private static final int LFNS_PER_CALL = 100;

    private final LagunaClient client;
    private final StorageAccess storage;
    private final StorageAccess.Protocol protocol;
    private final String rse;
    private final boolean deterministic;
    private final String algorithm;
    private final Verify verify;

    ImportVerifier(LagunaClient client, StorageAccess storage, StorageAccess.Protocol protocol, String algorithm, Verify verify) {
        this.client = client;
        this.storage = storage;
        this.protocol = protocol;
        this.rse = protocol.rse();
        this.deterministic = algorithm != null;
        this.algorithm = algorithm;
        this.verify = verify;
    }

    /** The lines that match the storage; the others are handed to {@code problems}. */
    List<Map<String, Object>> verify(List<Map<String, Object>> batch, Consumer<Problem> problems) {
        if (verify == Verify.none) {
            return batch;
        }
        Map<String, String> layoutPfns = layoutPfns(batch);
        List<Map<String, Object>> good = new ArrayList<>(batch.size());
        try (StorageProtocol target = storage.open(protocol)) {
            for (Map<String, Object> entry : batch) {
                String did = entry.get("scope") + ":" + entry.get("name");
                Object path = entry.get("path");
                if (!checkable(entry)) {
                    good.add(entry); // the server refuses it, saying why
                    continue;
                }
                String pfn = path != null ? pfn(protocol, path.toString()) : layoutPfns.get(did);
                Optional<Problem> problem = pfn == null ? Optional.empty() : check(target, entry, did, pfn);
                problem.ifPresentOrElse(problems, () -> good.add(entry));
            }
        }
        return good;
    }

    /**
     * Whether a line's file can be looked for: not when its path climbs out of the prefix, nor when
     * it is not where a deterministic RSE's layout puts it (the server refuses both, saying why).
     */
    private boolean checkable(Map<String, Object> entry) {
        Object path = entry.get("path");
        if (path == null) {
            return true;
        }
        String text = ImportNames.trimSlashes(path.toString());
        if (("/" + text + "/").contains("/../")) {
            return false;
        }
        return !deterministic || ImportNames.fromLayout(algorithm, entry.get("scope").toString(), text)
                .filter(name -> name.equals(entry.get("name"))).isPresent();
    }

    private Optional<Problem> check(StorageProtocol target, Map<String, Object> entry, String did, String pfn) {
        Optional<StoredObject> stored;
        try {
            stored = target.stat(pfn);
        } catch (RuntimeException e) {
            return Optional.of(new Problem(true, did + ": cannot read " + pfn + ": " + e.getMessage()));
        }
        if (stored.isEmpty()) {
            return Optional.of(new Problem(true, did + ": no file at " + pfn));
        }
        long bytes = ((Number) entry.get("bytes")).longValue();
        if (stored.get().size() != bytes) {
            return Optional.of(new Problem(false, did + ": the storage has " + stored.get().size() + " bytes at " + pfn
                    + ", the manifest says " + bytes));
        }
        Object expected = entry.get("adler32");
        Optional<String> adler32 = adler32(target, stored.get(), expected != null);
        if (adler32.isPresent() && expected != null && !adler32.get().equalsIgnoreCase(expected.toString())) {
            return Optional.of(new Problem(false, did + ": the storage has adler32 " + adler32.get() + " at " + pfn
                    + ", the manifest says " + expected));
        }
        if (adler32.isPresent() && expected == null) {
            entry.put("adler32", adler32.get().toLowerCase());
        }
        return Optional.empty();
    }

    /**
     * The file's adler32: as its stat reports it, or as the storage computes it when the manifest
     * gives one to compare with; read from its bytes with {@link Verify#checksum} when the storage
     * cannot say.
     */
    private Optional<String> adler32(StorageProtocol target, StoredObject stored, boolean manifestHasOne) {
        if (stored.adler32().isPresent()) {
            return stored.adler32();
        }
        if ((manifestHasOne || verify == Verify.checksum) && target instanceof ServerSideChecksums checksums) {
            Optional<String> reported = checksums.checksum(stored.pfn(), "adler32");
            if (reported.isPresent()) {
                return reported;
            }
        }
        if (verify != Verify.checksum) {
            return Optional.empty();
        }
        Checksums computed = new Checksums();
        try (InputStream in = Checksums.tee(target.openRead(stored.pfn(), 0), computed)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(computed.adler32());
    }

    /** Where a deterministic RSE puts the lines that name no path, asked of the server in a few calls. */
    private Map<String, String> layoutPfns(List<Map<String, Object>> batch) {
        Map<String, String> pfns = new HashMap<>();
        List<String> lfns = batch.stream().filter(e -> e.get("path") == null).map(e -> e.get("scope") + ":" + e.get("name")).toList();
        if (!deterministic) {
            return pfns;
        }
        for (int from = 0; from < lfns.size(); from += LFNS_PER_CALL) {
            JsonNode answer = client.rses().lfns2pfns(rse, lfns.subList(from, Math.min(lfns.size(), from + LFNS_PER_CALL)),
                    protocol.scheme());
            answer.fields().forEachRemaining(e -> pfns.put(e.getKey(), e.getValue().asText()));
        }
        return pfns;
    }

    /** The PFN of a path below the protocol's prefix, as the storage plugins write it. */
    static String pfn(StorageAccess.Protocol protocol, String relative) {
        String base = ImportNames.trimSlashes(protocol.prefix());
        String head = "file".equals(protocol.scheme()) ? "file://" + protocol.hostname() + "/"
                : protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + "/";
        return head + (base.isEmpty() ? "" : base + "/") + ImportNames.trimSlashes(relative);
    }
}
