package org.laguna.core.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.replica.RecoveryConfig;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * auditor: checks each RSE of its slice against the catalogue once per {@code auditor.interval}
 * ({@link StorageCheck} from the storage's listing): lost replicas are declared BAD, replicas of
 * another size suspicious, and with {@code auditor.delete-dark=true} dark files older than
 * {@code auditor.dark-grace} are deleted. An RSE whose storage cannot list its files is skipped
 * (and recorded as such, so it is looked at again only after the interval). Each replica it
 * declares is recorded in the audit log, with the auditor as actor, by the statement that declares it.
 */
public final class Auditor implements Daemon {
    public static final String NAME = "auditor";
    private static final Logger LOG = LoggerFactory.getLogger(Auditor.class);

    private final Database database;
    private final StorageCheck check;
    private final Clock clock;
    private final RecoveryConfig config;
    private final boolean deleteDark;
    private final RseRepository rses = new RseRepository();

    public Auditor(Database database, StorageCheck check, Clock clock, RecoveryConfig config, boolean deleteDark) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.check = Objects.requireNonNull(check, "check is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.deleteDark = deleteDark;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The loop query: an RSE of the slice not checked within the interval; parameter: the start of the interval. */
    static String due(WorkSlice slice) {
        return "select s.id from rses s left join rse_checks c on c.rse_id = s.id where not s.deleted and (c.checked_at is null "
                + "or c.checked_at < ?) and " + slice.sql("s.id::text") + " order by c.checked_at nulls first limit 1";
    }

    @Override
    public int runOnce(WorkSlice slice) {
        Instant now = clock.instant();
        Optional<Rse> rse = database.readOnly(tx -> tx.queryOne(due(slice), rs -> rs.getObject(1, UUID.class),
                Timestamp.from(now.minus(config.auditInterval()))).flatMap(id -> rses.findById(tx, id)));
        if (rse.isEmpty()) {
            return 0;
        }
        try {
            if (!check.listable(rse.get())) {
                skip(rse.get(), "the storage cannot list its files");
                return 1;
            }
            CheckReport report = check.run(rse.get(), Optional.empty(), deleteDark, Optional.of(NAME));
            LOG.info("auditor: " + rse.get().name() + ": " + report.storageFiles() + " files on storage, " + report.catalogueFiles()
                    + " replicas, " + report.dark() + " dark (" + report.darkDeleted() + " deleted), " + report.lost() + " lost ("
                    + report.lostDeclaredBad() + " declared bad, " + report.lostLastCopies() + " last copies)");
        } catch (RuntimeException e) {
            skip(rse.get(), "check failed: " + e.getMessage());
            LOG.warn("auditor: the check of " + rse.get().name() + " failed: " + e.getMessage());
        }
        return 1;
    }

    private void skip(Rse rse, String why) {
        RseChecks.record(database, rse.id(), clock.instant(), Map.of("rse", rse.name(), "note", why));
    }
}
