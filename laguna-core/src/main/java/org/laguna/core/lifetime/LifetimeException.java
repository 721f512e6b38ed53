package org.laguna.core.lifetime;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One DID of a lifetime exception request, as Rucio lists it: the request's id, the DID, the
 * requesting account, and the request's pattern, comments, state and expiry.
 */
public record LifetimeException(UUID id, String scope, String name, String didType, String account, String pattern, String comments,
        State state, Instant createdAt, Instant expiresAt) {

    /** Rucio's LifetimeExceptionsState, with its one-letter codes. */
    public enum State {
        APPROVED("A"), REJECTED("R"), WAITING("W");

        private final String code;

        State(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        static State ofCode(String code) {
            for (State state : values()) {
                if (state.code.equals(code)) {
                    return state;
                }
            }
            throw new IllegalStateException("unknown lifetime exception state " + code);
        }

        /** A state by name or code ({@code APPROVED} or {@code A}, any case); null if it is neither. */
        public static State parse(String text) {
            if (text == null) {
                return null;
            }
            String upper = text.strip().toUpperCase(Locale.ROOT);
            for (State state : values()) {
                if (state.name().equals(upper) || state.code.equals(upper)) {
                    return state;
                }
            }
            return null;
        }
    }
}
