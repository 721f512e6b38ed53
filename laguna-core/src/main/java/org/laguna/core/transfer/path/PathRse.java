package org.laguna.core.transfer.path;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import org.laguna.core.rse.RseProtocol;

/**
 * An RSE as the path finder sees it.
 *
 * @param name the RSE's name
 * @param protocols its protocols
 * @param availableForMultihop its {@code available_for_multihop} attribute: whether paths may pass through it
 * @param hopPenalty its {@code hop_penalty} attribute (the cost of passing through it), or empty for the finder's default
 */
public record PathRse(String name, List<RseProtocol> protocols, boolean availableForMultihop, OptionalInt hopPenalty) {
    public PathRse {
        Objects.requireNonNull(name, "name is null");
        protocols = List.copyOf(Objects.requireNonNull(protocols, "protocols is null"));
        Objects.requireNonNull(hopPenalty, "hopPenalty is null");
        if (hopPenalty.isPresent() && hopPenalty.getAsInt() < 0) {
            throw new IllegalArgumentException("hop penalty of " + name + " must not be negative, got " + hopPenalty.getAsInt());
        }
    }

    public PathRse(String name, List<RseProtocol> protocols, boolean availableForMultihop) {
        this(name, protocols, availableForMultihop, OptionalInt.empty());
    }
}
