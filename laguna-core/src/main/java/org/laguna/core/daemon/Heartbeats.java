package org.laguna.core.daemon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.db.Tx;

/**
 * The {@code heartbeats} table. Times are the database's ({@code now()}), so instances on
 * machines whose clocks disagree still agree on who is alive.
 */
public final class Heartbeats {
    private static final String LIVE = "updated_at >= now() - ? * interval '1 millisecond'";

    /**
     * Records that the instance is alive, purges the daemon's dead rows, and returns the
     * instance's slice: its rank among the live instances of its daemon, ordered by host name,
     * process id and thread number.
     */
    public WorkSlice beat(Tx tx, DaemonInstance instance, Duration timeout) {
        Objects.requireNonNull(instance, "instance is null");
        tx.update("""
                insert into heartbeats (daemon, hostname, pid, thread_number, thread_name, created_at, updated_at)
                values (?, ?, ?, ?, ?, now(), now())
                on conflict (daemon, hostname, pid, thread_number) do update set updated_at = now(), thread_name = excluded.thread_name
                """, instance.daemon(), instance.hostname(), instance.pid(), instance.threadNumber(), instance.threadName());
        // skip locked: never wait for (or deadlock with) another instance purging the same rows
        tx.update("""
                delete from heartbeats where (daemon, hostname, pid, thread_number) in (
                    select daemon, hostname, pid, thread_number from heartbeats
                    where daemon = ? and updated_at < now() - ? * interval '1 millisecond'
                    for update skip locked)
                """, instance.daemon(), timeout.toMillis());
        List<DaemonInstance> live = tx.query("select daemon, hostname, pid, thread_number from heartbeats where daemon = ? and "
                + LIVE + " order by hostname, pid, thread_number", Heartbeats::instance, instance.daemon(), timeout.toMillis());
        int rank = live.indexOf(instance);
        if (rank < 0) {
            throw new IllegalStateException("The heartbeat of " + instance + " is missing right after it was written");
        }
        return new WorkSlice(rank, live.size());
    }

    /** Removes the instance's heartbeat; its slice goes to the others at their next cycle. */
    public void remove(Tx tx, DaemonInstance instance) {
        tx.update("delete from heartbeats where daemon = ? and hostname = ? and pid = ? and thread_number = ?",
                instance.daemon(), instance.hostname(), instance.pid(), instance.threadNumber());
    }

    /** The instances of every daemon alive within the timeout, by daemon, host, process and thread. */
    public List<Heartbeat> live(Tx tx, Duration timeout) {
        return tx.query("select * from heartbeats where " + LIVE + " order by daemon, hostname, pid, thread_number",
                rs -> new Heartbeat(instance(rs), rs.getString("thread_name"), Optional.ofNullable(rs.getString("payload")),
                        Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at")),
                timeout.toMillis());
    }

    private static DaemonInstance instance(ResultSet rs) throws SQLException {
        return new DaemonInstance(rs.getString("daemon"), rs.getString("hostname"), rs.getLong("pid"), rs.getInt("thread_number"));
    }
}
