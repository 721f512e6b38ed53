package org.laguna.core.account;

import java.time.Instant;
import java.util.Objects;

/** An account: who acts. */
public record Account(String account, String vo, String accountType, String status, String email,
        Instant suspendedAt, Instant deletedAt, Instant createdAt, Instant updatedAt) {
    public Account {
        Objects.requireNonNull(account, "account is null");
    }
}
