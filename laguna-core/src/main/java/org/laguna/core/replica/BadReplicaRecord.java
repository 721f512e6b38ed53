package org.laguna.core.replica;

import java.time.Instant;
import java.util.UUID;

/** One declaration of a replica as bad or suspicious, as {@code list_bad_replicas_status} answers it. */
public record BadReplicaRecord(String scope, String name, String rse, UUID rseId, BadReplicaState state, String reason,
        Instant createdAt, Instant updatedAt) {
}
