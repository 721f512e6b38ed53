package org.laguna.core.did;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.laguna.core.common.DidType;
import org.laguna.core.common.Names;

/** The values that the did use cases take and give. */
public final class DidRecords {
    private DidRecords() {
    }

    /**
     * A child named in an attachment. Size and checksums, when given, must agree with the
     * catalogue's values of the file.
     */
    public record Child(DidKey did, Long bytes, String adler32, String md5) {
        public Child {
            Objects.requireNonNull(did, "did is null");
            adler32 = adler32 == null ? null : Names.adler32(adler32);
            md5 = md5 == null ? null : Names.md5(md5);
        }
    }

    /** One attachment: children into a parent collection. */
    public record Attachment(DidKey parent, List<Child> children, String rse) {
        public Attachment {
            Objects.requireNonNull(parent, "parent is null");
            children = List.copyOf(children);
            rse = rse == null ? null : Names.rse(rse);
        }
    }

    /** A collection to create. */
    public record NewDid(DidKey did, DidType type, boolean monotonic, ObjectNode meta, Long lifetimeSeconds,
                         List<Child> children, String rse, String account) {
        public NewDid {
            Objects.requireNonNull(did, "did is null");
            Objects.requireNonNull(type, "type is null");
            children = children == null ? List.of() : List.copyOf(children);
            rse = rse == null ? null : Names.rse(rse);
            account = account == null ? null : Names.account(account);
        }
    }

    /** A DID as Rucio's get_did shows it. */
    public record Did(String scope, String name, DidType type, String account, Long bytes, Long length,
                      String md5, String adler32, Boolean open, boolean monotonic, Instant expiredAt) {
    }

    /** A direct child of a collection. */
    public record Content(String scope, String name, DidType type, Long bytes, String adler32, String md5) {
    }

    /** A former child of a collection. */
    public record ContentHistory(String scope, String name, DidType type, Long bytes, String adler32, String md5,
                                 Instant deletedAt, Instant createdAt, Instant updatedAt) {
    }

    /** A file below a DID. */
    public record FileEntry(String scope, String name, Long bytes, String adler32, String md5, UUID guid, Long events) {
    }

    /** A parent collection of a DID. */
    public record Parent(String scope, String name, DidType type) {
    }

    /** A row of a scope's listing; {@code parent} is null at level 0. */
    public record ScopeEntry(String scope, String name, DidType type, DidKey parent, int level, Long bytes) {
    }

    /** A DID found by a search. */
    public record SearchHit(String scope, String name, DidType type, Long bytes, Long length) {
    }

    /** A column of a DID with its value: text, a number, a boolean, an {@link Instant}, or null. */
    public record MetaColumn(String column, Object value) {
    }

    /**
     * A DID's metadata: its columns in {@link org.laguna.core.did.filter.DidColumn} order (none for the JSON plugin) and
     * its other keys (empty for the DID_COLUMN plugin).
     */
    public record Metadata(List<MetaColumn> columns, ObjectNode keys) {
        public Metadata {
            columns = List.copyOf(columns);
            Objects.requireNonNull(keys, "keys is null");
        }
    }
}
