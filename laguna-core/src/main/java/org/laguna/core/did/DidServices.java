package org.laguna.core.did;

import java.time.Clock;
import java.util.Objects;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;

/** The use cases of the did feature, one class per responsibility. */
public record DidServices(DidNamespace namespace, DidAttachments attachments, DidMetadata metadata, DidListings listings) {
    public DidServices {
        Objects.requireNonNull(namespace, "namespace is null");
        Objects.requireNonNull(attachments, "attachments is null");
        Objects.requireNonNull(metadata, "metadata is null");
        Objects.requireNonNull(listings, "listings is null");
    }

    public static DidServices create(Database database, Permissions permissions, Clock clock) {
        return new DidServices(new DidNamespace(database, permissions, clock), new DidAttachments(database, permissions, clock),
                new DidMetadata(database, permissions, clock), new DidListings(database));
    }
}
