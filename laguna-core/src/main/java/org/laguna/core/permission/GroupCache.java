package org.laguna.core.permission;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.laguna.core.db.Tx;

/**
 * The Laguna groups each account belongs to, as a policy file tests them: the GROUP accounts it is
 * a member of ({@code group_members}) and those its {@code group} attribute lists. Read once per
 * account and kept, so that a permission check costs no query for them; a change made through this
 * server forgets the account at once ({@link #forget}), and every entry is read again after
 * {@link #TTL_NANOS} so that changes made through another server are seen too.
 */
public final class GroupCache {
    /** How long an account's groups are kept: 10 s. */
    public static final long TTL_NANOS = 10_000_000_000L;
    /** Entries beyond which the cache is emptied rather than grown. */
    private static final int MAX_ENTRIES = 100_000;
    /** The account attribute listing further Laguna groups of an account, comma-separated. */
    public static final String GROUP_ATTRIBUTE = "group";

    private record Entry(Set<String> groups, long readAt, long generation) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /** The groups of the account, read in the transaction if not known (or known for too long). */
    public Set<String> groupsOf(Tx tx, String account) {
        long now = System.nanoTime();
        Entry entry = entries.get(account);
        if (entry != null && now - entry.readAt() < TTL_NANOS && entry.generation() == generation.get()) {
            return entry.groups();
        }
        long before = generation.get();
        Set<String> groups = new LinkedHashSet<>(tx.query("select m.group_account from group_members m join accounts g"
                + " on g.account = m.group_account where m.member = ? and g.status <> 'DELETED' order by m.group_account",
                rs -> rs.getString(1), account));
        tx.queryOne("select value #>> '{}' from account_attrs where account = ? and key = ?", rs -> rs.getString(1),
                account, GROUP_ATTRIBUTE).ifPresent(listed -> {
                    for (String group : listed.split(",")) {
                        if (!group.isBlank()) {
                            groups.add(group.trim());
                        }
                    }
                });
        Set<String> read = Collections.unmodifiableSet(groups);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(account, new Entry(read, now, before));
        return read;
    }

    /**
     * Forgets what is known of the account's groups (its memberships or its group attribute
     * changed; call it after the change is committed). Entries being read while it is called are
     * not kept, so a read that began before the change can not keep the old groups in the cache.
     */
    public void forget(String account) {
        generation.incrementAndGet();
        entries.remove(account);
    }

    /** Forgets every account's groups (a group was deleted, suspended or reactivated). */
    public void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }
}
