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

    /** How an administrator gives an RSE a protocol for an operation, to end a "no protocol" message. */
    public static String addHint(String rse, String operation, String domain) {
        return ". An administrator adds one with `laguna rse protocol add " + rse + " --scheme SCHEME --hostname HOST --port PORT "
                + "--prefix PREFIX` (priorities 1 for read, write and delete by default; --domain-json sets others) or "
                + "POST /rses/" + rse + "/protocols/SCHEME, or gives an existing protocol a " + operation + " priority in the " + domain
                + " domain with PUT /rses/" + rse + "/protocols/SCHEME";
    }
}
