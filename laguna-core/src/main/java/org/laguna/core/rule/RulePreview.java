package org.laguna.core.rule;

import java.util.List;

/**
 * What a new rule would find and cost, worked out before it is made: the RSEs its expression
 * matches with their space and the account's quota there, and what adding it would lock and
 * transfer on each RSE.
 */
public final class RulePreview {
    private RulePreview() {
    }

    /**
     * An RSE the expression matches: whether it takes writes, the space left ({@code null}: unknown),
     * the account's limit there ({@code null}: none set, so nothing may be written; negative:
     * unlimited) and the bytes the account uses there, and the accounts named in its
     * {@code rule_approvers} attribute ("" for none).
     */
    public record RseOption(String rse, boolean writable, Long spaceLeft, Long quota, long used, String approvers) {
        /** The bytes the account may still write there; {@code null} for no limit. */
        public Long quotaLeft() {
            return quota == null ? Long.valueOf(0) : quota < 0 ? null : Math.max(0, quota - used);
        }
    }

    /**
     * What the rule would hold on one RSE: {@code files} and {@code bytes} it locks there (what the
     * account's usage grows by), of which {@code filesToTransfer} and {@code bytesToTransfer} are
     * not there yet; {@code filesToTransfer} is -1 when only the bytes are estimated.
     */
    public record RseCost(String rse, long files, long bytes, long filesToTransfer, long bytesToTransfer) {
    }

    /**
     * The decision of the policy and what the rules would cost. {@code allowed}: the account may add
     * the rule as asked; {@code needsApproval}: only when it asks for approval; {@code denial}: why the
     * policy refuses it ("" when it does not). {@code files} and {@code bytes}: under the DIDs, in all;
     * {@code estimated}: the rule is too big to be expanded at once (or asked to be asynchronous), so
     * the costs come from the RSEs chosen and the bytes already there; {@code perFile}: the RSEs are
     * chosen file by file as the rule is expanded, so no RSE can be named before.
     */
    public record Cost(boolean allowed, boolean needsApproval, String denial, List<RseCost> rses, long files, long bytes,
                       boolean estimated, boolean perFile) {
        public Cost {
            rses = List.copyOf(rses);
            denial = denial == null ? "" : denial;
        }

        static Cost denied(String denial) {
            return new Cost(false, false, denial, List.of(), 0, 0, false, false);
        }

        public long bytesToTransfer() {
            return rses.stream().mapToLong(RseCost::bytesToTransfer).sum();
        }
    }
}
