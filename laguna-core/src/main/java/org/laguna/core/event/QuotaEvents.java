package org.laguna.core.event;

/**
 * The {@code QUOTA_NEAR_LIMIT} event, written by the statement that adds to an account's usage:
 * once when the usage on an RSE crosses the warning threshold of the account's limit there
 * (upwards; it is written again only after the usage fell below and crossed again). The threshold
 * is the fraction {@code quota.near-limit-threshold} of the runtime configuration ({@code /config},
 * section {@code quota}, option {@code near-limit-threshold}), 0.9 when unset.
 */
public final class QuotaEvents {
    /** The default warning threshold, a fraction of the limit. */
    public static final double DEFAULT_THRESHOLD = 0.9;

    /**
     * The final statement of a WITH list that has {@code d(r, f, b)} (RSE id, files and bytes
     * added) and {@code up(account, rse_id, bytes)} (the usage rows after the addition).
     */
    public static final String NEAR_LIMIT = Outbox.INSERT + "select 'QUOTA_NEAR_LIMIT', jsonb_build_object('account', up.account, "
            + "'rse', x.rse, 'rse_id', " + Outbox.hex("up.rse_id") + ", 'bytes', up.bytes, 'bytes_limit', l.bytes, 'threshold', t.v), "
            + "'account:' || up.account, now() from up join d on d.r = up.rse_id "
            + "join account_limits l on l.account = up.account and l.rse_id = up.rse_id join rses x on x.id = up.rse_id "
            + "cross join (select coalesce((select case when btrim(c.value) ~ '^[01]$|^0\\.[0-9]+$|^1\\.0+$' then btrim(c.value)::numeric end "
            + "from configs c where c.section = 'quota' and c.opt = 'near-limit-threshold'), " + DEFAULT_THRESHOLD + ") as v) t "
            + "where d.b > 0 and l.bytes > 0 and up.bytes >= l.bytes * t.v and up.bytes - d.b < l.bytes * t.v";

    private QuotaEvents() {
    }
}
