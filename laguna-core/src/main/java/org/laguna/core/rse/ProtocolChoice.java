package org.laguna.core.rse;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Picks the protocol with the best (lowest supported) priority for an operation in a domain. */
public final class ProtocolChoice {
    private ProtocolChoice() {
    }

    public static Optional<RseProtocol> best(List<RseProtocol> protocols, Optional<String> scheme, String operation, String domain) {
        return protocols.stream()
                .filter(p -> scheme.isEmpty() || p.scheme().equals(scheme.get()))
                .filter(p -> p.supports(domain, operation))
                .min(Comparator.comparingInt(p -> p.priority(domain, operation)));
    }
}
