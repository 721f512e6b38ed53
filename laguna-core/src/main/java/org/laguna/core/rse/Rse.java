package org.laguna.core.rse;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** A storage element and its fixed settings. */
public record Rse(
        UUID id,
        String vo,
        String name,
        String rseType,
        boolean deterministic,
        boolean volatileRse,
        boolean stagingArea,
        boolean availabilityRead,
        boolean availabilityWrite,
        boolean availabilityDelete,
        String city,
        String regionCode,
        String countryName,
        String continent,
        String timeZone,
        String isp,
        String asn,
        Double longitude,
        Double latitude,
        String qosClass,
        Instant createdAt,
        Instant updatedAt) {
    public Rse {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(name, "name is null");
    }

    /** Rucio's integer availability: read 4 + write 2 + delete 1. */
    public int availability() {
        return (availabilityRead ? 4 : 0) + (availabilityWrite ? 2 : 0) + (availabilityDelete ? 1 : 0);
    }
}
