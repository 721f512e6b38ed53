package org.laguna.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class RseSelectorTest {
    private static final Random SEEDED = new Random(42);

    private static TargetRse rse(String name) {
        return TargetRse.unlimited(UUID.nameUUIDFromBytes(name.getBytes()), name);
    }

    private static TargetRse rse(String name, double weight, long quota, long space, String... globals) {
        return new TargetRse(UUID.nameUUIDFromBytes(name.getBytes()), name, weight, true, quota, space, Set.of(globals));
    }

    private static ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (LagunaException e) {
            return e.code();
        }
        throw new AssertionError("no exception");
    }

    @Test
    void choosesAsManyDistinctRsesAsCopies() {
        List<TargetRse> rses = List.of(rse("A"), rse("B"), rse("C"), rse("D"));
        for (int seed = 0; seed < 200; seed++) {
            RseSelector selector = new RseSelector(rses, Map.of(), 3, false, new Random(seed));
            List<UUID> chosen = selector.select(100, List.of(), Set.of(), Map.of());
            assertThat(chosen).hasSize(3).doesNotHaveDuplicates();
        }
    }

    @Test
    void moreCopiesThanMatchingRsesIsInsufficientTargetRses() {
        assertThatThrownBy(() -> new RseSelector(List.of(rse("A"), rse("B")), Map.of(), 3, false, SEEDED))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INSUFFICIENT_TARGET_RSES))
                .hasMessageContaining("3 copies requested, RSE set size 2");
    }

    @Test
    void rsesWithoutQuotaAreNotCandidatesUnlessTheAccountIsUnlimited() {
        List<TargetRse> rses = List.of(rse("A", 1, 0, TargetRse.UNLIMITED), rse("B", 1, 1000, TargetRse.UNLIMITED));
        assertThat(codeOf(() -> new RseSelector(rses, Map.of(), 2, false, SEEDED))).isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
        RseSelector unlimited = new RseSelector(rses, Map.of(), 2, true, SEEDED);
        assertThat(unlimited.select(5000, List.of(), Set.of(), Map.of())).hasSize(2);
    }

    @Test
    void aBlockLargerThanTheQuotaLeftIsInsufficientAccountLimit() {
        RseSelector selector = new RseSelector(List.of(rse("A", 1, 100, TargetRse.UNLIMITED)), Map.of(), 1, false, SEEDED);
        assertThat(codeOf(() -> selector.select(101, List.of(), Set.of(), Map.of()))).isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
    }

    @Test
    void quotaUsedByOneChoiceCountsAgainstTheNext() {
        TargetRse a = rse("A", 1, 150, TargetRse.UNLIMITED);
        TargetRse b = rse("B", 1, 150, TargetRse.UNLIMITED);
        RseSelector selector = new RseSelector(List.of(a, b), Map.of(), 1, false, SEEDED);
        Set<UUID> used = new HashSet<>();
        used.addAll(selector.select(100, List.of(), Set.of(), Map.of()));
        used.addAll(selector.select(100, List.of(), Set.of(), Map.of()));
        assertThat(used).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(codeOf(() -> selector.select(100, List.of(), Set.of(), Map.of()))).isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
    }

    @Test
    void aGlobalLimitCoversEveryRseOfItsExpressionTogether() {
        TargetRse a = rse("A", 1, TargetRse.UNLIMITED, TargetRse.UNLIMITED, "tier=1");
        TargetRse b = rse("B", 1, TargetRse.UNLIMITED, TargetRse.UNLIMITED, "tier=1");
        RseSelector selector = new RseSelector(List.of(a, b), Map.of("tier=1", 150L), 1, false, SEEDED);
        selector.select(100, List.of(), Set.of(), Map.of());
        assertThat(codeOf(() -> selector.select(100, List.of(), Set.of(), Map.of()))).isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
    }

    @Test
    void anExhaustedGlobalLimitRemovesItsRsesFromTheCandidates() {
        TargetRse a = rse("A", 1, TargetRse.UNLIMITED, TargetRse.UNLIMITED, "tier=1");
        assertThat(codeOf(() -> new RseSelector(List.of(a), Map.of("tier=1", 0L), 1, false, SEEDED)))
                .isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
    }

    @Test
    void notEnoughSpaceIsRseOverQuotaButDataAlreadyThereNeedsNoSpace() {
        TargetRse a = rse("A", 1, TargetRse.UNLIMITED, 50);
        RseSelector selector = new RseSelector(List.of(a), Map.of(), 1, false, SEEDED);
        assertThat(codeOf(() -> selector.select(100, List.of(), Set.of(), Map.of()))).isEqualTo(ErrorCode.RSE_OVER_QUOTA);
        assertThat(selector.select(100, List.of(a.id()), Set.of(), Map.of(a.id(), 60L))).containsExactly(a.id());
    }

    @Test
    void blockedRsesAreNeverChosen() {
        TargetRse a = rse("A");
        TargetRse b = rse("B");
        TargetRse c = rse("C");
        for (int seed = 0; seed < 100; seed++) {
            RseSelector selector = new RseSelector(List.of(a, b, c), Map.of(), 2, false, new Random(seed));
            assertThat(selector.select(1, List.of(b.id()), Set.of(b.id()), Map.of())).containsExactlyInAnyOrder(a.id(), c.id());
        }
        RseSelector selector = new RseSelector(List.of(a, b, c), Map.of(), 2, false, SEEDED);
        assertThat(codeOf(() -> selector.select(1, List.of(), Set.of(a.id(), b.id()), Map.of())))
                .isEqualTo(ErrorCode.INSUFFICIENT_TARGET_RSES);
    }

    @Test
    void preferredRsesComeFirstInTheirOrder() {
        TargetRse a = rse("A");
        TargetRse b = rse("B");
        TargetRse c = rse("C");
        UUID elsewhere = UUID.randomUUID();
        for (int seed = 0; seed < 100; seed++) {
            RseSelector selector = new RseSelector(List.of(a, b, c), Map.of(), 2, false, new Random(seed));
            assertThat(selector.select(1, List.of(elsewhere, c.id(), a.id()), Set.of(), Map.of())).containsExactly(c.id(), a.id());
        }
    }

    @Test
    void weightsDriveTheRandomChoiceAndZeroWeightIsNeverChosenWhileOthersRemain() {
        TargetRse heavy = rse("HEAVY", 9, TargetRse.UNLIMITED, TargetRse.UNLIMITED);
        TargetRse light = rse("LIGHT", 1, TargetRse.UNLIMITED, TargetRse.UNLIMITED);
        TargetRse zero = rse("ZERO", 0, TargetRse.UNLIMITED, TargetRse.UNLIMITED);
        Map<UUID, Integer> counts = new HashMap<>();
        Random random = new Random(7);
        RseSelector selector = new RseSelector(List.of(heavy, light, zero), Map.of(), 1, false, random);
        for (int i = 0; i < 10_000; i++) {
            counts.merge(selector.select(1, List.of(), Set.of(), Map.of()).getFirst(), 1, Integer::sum);
        }
        assertThat(counts.getOrDefault(zero.id(), 0)).isZero();
        assertThat(counts.get(heavy.id())).isBetween(8_700, 9_300);
        assertThat(counts.get(light.id())).isBetween(700, 1_300);
    }

    @Test
    void anyMixOfLimitsYieldsDistinctAllowedRsesOrAClearError() {
        Random random = new Random(1234);
        for (int round = 0; round < 2_000; round++) {
            int n = 1 + random.nextInt(6);
            List<TargetRse> rses = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long quota = random.nextBoolean() ? TargetRse.UNLIMITED : random.nextInt(300);
                long space = random.nextBoolean() ? TargetRse.UNLIMITED : random.nextInt(300);
                rses.add(rse("R" + i, random.nextInt(4), quota, space));
            }
            int copies = 1 + random.nextInt(4);
            long size = random.nextInt(200);
            Set<UUID> blocked = new HashSet<>();
            for (TargetRse r : rses) {
                if (random.nextInt(5) == 0) {
                    blocked.add(r.id());
                }
            }
            try {
                RseSelector selector = new RseSelector(rses, Map.of(), copies, false, random);
                List<UUID> chosen = selector.select(size, List.of(), blocked, Map.of());
                assertThat(chosen).hasSize(copies).doesNotHaveDuplicates();
                assertThat(chosen).noneMatch(blocked::contains);
                for (UUID id : chosen) {
                    TargetRse r = rses.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
                    assertThat(r.quotaLeft()).isGreaterThanOrEqualTo(size);
                    assertThat(r.spaceLeft()).isGreaterThanOrEqualTo(size);
                }
            } catch (LagunaException e) {
                assertThat(e.code()).isIn(ErrorCode.INSUFFICIENT_TARGET_RSES, ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT, ErrorCode.RSE_OVER_QUOTA);
                long fit = rses.stream().filter(r -> !blocked.contains(r.id()) && r.quotaLeft() >= Math.max(size, 1)
                        && r.spaceLeft() >= size).count();
                assertThat(fit).as("an error only when fewer than %d RSEs fit", copies).isLessThan(copies);
            }
        }
    }

    @Test
    void notEnoughSpaceNamesTheRsesSpaceLeftAndHowToRaiseIt() {
        RseSelector selector = new RseSelector(List.of(rse("SMALL", 1, TargetRse.UNLIMITED, 2_500)), Map.of(), 1, false, SEEDED);
        assertThatThrownBy(() -> selector.select(10_000, List.of(), Set.of(), Map.of()))
                .hasMessageContaining("10.0 kB needed on 1 RSE(s)").hasMessageContaining("SMALL 2.5 kB left under its MaxSpaceAvailable limit")
                .hasMessageContaining("laguna rse limit set RSE --name MaxSpaceAvailable");
    }

    @Test
    void theQuotaHintGivesEachLimitItsUseAndTheGlobalOnes() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String hint = QuotaHint.of("jdoe", new java.util.LinkedHashMap<>(Map.of(a, "A")), Map.of(a, 2_000_000_000L), Map.of(a, 1_500_000_000L),
                Map.of("tier=1", 5_000L), Map.of("tier=1", 4_000L));
        assertThat(hint).contains("A: limit 2.0 GB, used 1.5 GB (500.0 MB left)")
                .contains("the global limit on 'tier=1': 5.0 kB, used 4.0 kB (1.0 kB left)")
                .contains("laguna account limit set jdoe --rse RSE --bytes N");
        assertThat(QuotaHint.of("jdoe", Map.of(b, "B"), Map.of(), Map.of(), Map.of(), Map.of())).contains("B: no limit set");
    }
}
