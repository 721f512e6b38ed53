package org.laguna.core.rule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Chooses the RSEs for the copies of a rule: distinct RSEs, never a blocked one, only where the
 * account has quota (local and global) and the RSE has space left, preferring RSEs that already
 * hold the data (in the order given), otherwise at random in proportion to the RSEs' weights.
 * Quota used by one choice counts against the next ones. Pure: no I/O.
 */
public final class RseSelector {
    private final Map<UUID, Candidate> candidates = new LinkedHashMap<>();
    private final Map<String, Long> globalLeft;
    private final int copies;
    private final RandomGenerator random;
    private final String quotaHint;

    private static final class Candidate {
        final TargetRse rse;
        long quotaLeft;

        Candidate(TargetRse rse) {
            this.rse = rse;
            this.quotaLeft = rse.quotaLeft();
        }
    }

    /**
     * @param rses       the RSEs matching the rule's expression (and weight attribute, if any)
     * @param globalLeft bytes left per global account limit, by its RSE expression
     * @param unlimited  the account ignores quotas (an administrator, or ignore_account_limit)
     * @throws LagunaException InsufficientTargetRSEs when fewer RSEs than copies match;
     *                         InsufficientAccountLimit when fewer have quota left
     */
    public RseSelector(Collection<TargetRse> rses, Map<String, Long> globalLeft, int copies, boolean unlimited, RandomGenerator random) {
        this(rses, globalLeft, copies, unlimited, random, "");
    }

    /** As above; {@code quotaHint} ends the messages of InsufficientAccountLimit (which limits, how much is used, who raises them). */
    public RseSelector(Collection<TargetRse> rses, Map<String, Long> globalLeft, int copies, boolean unlimited, RandomGenerator random,
                       String quotaHint) {
        this.quotaHint = Objects.requireNonNull(quotaHint, "quotaHint is null");
        if (copies < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "copies must be at least 1, got " + copies);
        }
        if (rses.size() < copies) {
            throw new LagunaException(ErrorCode.INSUFFICIENT_TARGET_RSES, "Target RSE set not sufficient for number of copies. ("
                    + copies + " copies requested, RSE set size " + rses.size() + ")");
        }
        this.copies = copies;
        this.random = random;
        this.globalLeft = unlimited ? Map.of() : new HashMap<>(globalLeft);
        for (TargetRse rse : rses) {
            TargetRse effective = unlimited
                    ? new TargetRse(rse.id(), rse.name(), rse.weight(), rse.writable(), TargetRse.UNLIMITED, rse.spaceLeft(), Set.of())
                    : rse;
            if (unlimited || (effective.quotaLeft() > 0 && globalsLeft(effective, 1))) {
                candidates.put(rse.id(), new Candidate(effective));
            }
        }
        if (candidates.size() < copies) {
            throw new LagunaException(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT,
                    "There is insufficient quota on any of the target RSEs to fulfill the operation (" + candidates.size()
                            + " of the " + copies + " RSEs needed have quota left)" + quotaHint);
        }
    }

    /** The space left on the RSEs that limit it (their MaxSpaceAvailable), and how to raise it. */
    private String spaceHint() {
        List<String> limited = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (c.rse.spaceLeft() != TargetRse.UNLIMITED && limited.size() < 10) {
                limited.add(c.rse.name() + " " + QuotaHint.bytes(Math.max(0, c.rse.spaceLeft())) + " left");
            }
        }
        return limited.isEmpty() ? "" : ": " + String.join(", ", limited) + " under its MaxSpaceAvailable limit. An administrator raises "
                + "it with `laguna rse limit set RSE --name MaxSpaceAvailable --value BYTES`";
    }

    public int copies() {
        return copies;
    }

    /**
     * Chooses {@link #copies()} distinct RSEs for a block of {@code size} bytes.
     *
     * @param preferred RSEs that already hold (part of) the data, best first; used before any other
     * @param blocked   RSEs not to use
     * @param existing  bytes of the block already on each RSE (they need no new space)
     */
    public List<UUID> select(long size, List<UUID> preferred, Set<UUID> blocked, Map<UUID, Long> existing) {
        List<Candidate> usable = new ArrayList<>();
        for (Candidate c : candidates.values()) {
            if (!blocked.contains(c.rse.id())) {
                usable.add(c);
            }
        }
        if (usable.size() < copies) {
            throw new LagunaException(ErrorCode.INSUFFICIENT_TARGET_RSES,
                    "There are not enough target RSEs to fulfil the request at this time (" + usable.size() + " usable of "
                            + copies + " needed)");
        }
        usable.removeIf(c -> c.rse.spaceLeft() != TargetRse.UNLIMITED
                && c.rse.spaceLeft() < size - existing.getOrDefault(c.rse.id(), 0L));
        if (usable.size() < copies) {
            throw new LagunaException(ErrorCode.RSE_OVER_QUOTA,
                    "There is insufficient space on any of the target RSEs to fulfill the operation (" + QuotaHint.bytes(size)
                            + " needed on " + copies + " RSE(s))" + spaceHint());
        }
        usable.removeIf(c -> !(c.quotaLeft == TargetRse.UNLIMITED || c.quotaLeft >= size) || !globalsLeft(c.rse, size));
        if (usable.size() < copies) {
            throw new LagunaException(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT,
                    "There is insufficient quota on any of the target RSEs to fulfill the operation (" + QuotaHint.bytes(size)
                            + " needed on " + copies + " RSE(s))" + quotaHint);
        }
        List<UUID> chosen = new ArrayList<>(copies);
        for (int copy = 0; copy < copies; copy++) {
            Candidate pick = null;
            for (UUID id : preferred) {
                Candidate c = candidates.get(id);
                if (c != null && usable.contains(c)) {
                    pick = c;
                    break;
                }
            }
            if (pick == null) {
                pick = weighted(usable);
            }
            usable.remove(pick);
            chosen.add(pick.rse.id());
            charge(pick, size);
        }
        return chosen;
    }

    private Candidate weighted(List<Candidate> usable) {
        double total = 0;
        for (Candidate c : usable) {
            total += c.rse.weight();
        }
        if (total <= 0) {
            return usable.get(random.nextInt(usable.size()));
        }
        double pick = random.nextDouble(total);
        double sum = 0;
        for (Candidate c : usable) {
            sum += c.rse.weight();
            if (pick < sum) {
                return c;
            }
        }
        return usable.getLast();
    }

    private void charge(Candidate c, long size) {
        if (c.quotaLeft != TargetRse.UNLIMITED) {
            c.quotaLeft -= size;
        }
        for (String expression : c.rse.globalQuotas()) {
            globalLeft.computeIfPresent(expression, (k, left) -> left - size);
        }
    }

    private boolean globalsLeft(TargetRse rse, long size) {
        for (String expression : rse.globalQuotas()) {
            Long left = globalLeft.get(expression);
            if (left != null && left < size) {
                return false;
            }
        }
        return true;
    }
}
