package org.laguna.core.did;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;

/**
 * The metadata given with a file when another use case makes it (a replica registration): set as
 * {@code set_metadata} sets it, columns typed and checked against the conventions, the other keys
 * into the document. Runs in the caller's transaction.
 */
public final class NewFileMetadata {
    private NewFileMetadata() {
    }

    /** Sets the keys on the file that the transaction just made. */
    public static void apply(Tx tx, DidKey file, ObjectNode meta, Instant now) {
        if (meta == null || meta.isEmpty()) {
            return;
        }
        meta.fieldNames().forEachRemaining(MetaRules::key);
        MetadataWriter.apply(tx, file, DidType.FILE, meta, false, now);
    }
}
