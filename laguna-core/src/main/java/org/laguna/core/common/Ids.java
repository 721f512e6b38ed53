package org.laguna.core.common;

import java.util.UUID;

/** Ids as Rucio writes them: 32 lower-case hex digits, no dashes. */
public final class Ids {
    private Ids() {
    }

    /** The id in Rucio's form, or null for null. */
    public static String hex(UUID id) {
        return id == null ? null : id.toString().replace("-", "");
    }
}
