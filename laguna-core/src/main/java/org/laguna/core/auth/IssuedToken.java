package org.laguna.core.auth;

import java.time.Instant;

/** A token handed to a client: the secret itself is only ever sent once, in this answer. */
public record IssuedToken(String token, String account, Instant expiresAt) {
}
