package org.laguna.core.transfer.path;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
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

    /**
     * An RSE with its protocols and its attributes as the catalogue keeps them:
     * {@code available_for_multihop} counts when it is {@code true} (a boolean, or the text
     * {@code true}/{@code True}/{@code 1}); {@code hop_penalty} when it is a whole number of at least
     * 0 (otherwise the finder's default applies, as in Rucio).
     */
    public static PathRse of(String name, List<RseProtocol> protocols, Map<String, ?> attributes) {
        Object multihop = attributes.get("available_for_multihop");
        boolean available = multihop instanceof Boolean flag ? flag
                : multihop != null && Set.of("true", "1").contains(multihop.toString().strip().toLowerCase(Locale.ROOT));
        return new PathRse(name, protocols, available, penalty(attributes.get("hop_penalty")));
    }

    private static OptionalInt penalty(Object value) {
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            int penalty = value instanceof Number number ? Math.toIntExact(number.longValue()) : Integer.parseInt(value.toString().strip());
            return penalty >= 0 ? OptionalInt.of(penalty) : OptionalInt.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            return OptionalInt.empty();
        }
    }
}
