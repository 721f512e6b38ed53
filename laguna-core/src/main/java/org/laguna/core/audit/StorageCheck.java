package org.laguna.core.audit;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.replica.RecoveryConfig;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.storage.ServerStorage;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;
import org.laguna.spi.storage.ListableStorage;
import org.laguna.spi.storage.StorageProtocol;

/**
 * The storage consistency check of one RSE (Rucio's auditor): the files on storage, from the
 * storage's own listing ({@link ListableStorage}) or from a dump (one path or PFN per line, gzip
 * or not), against the RSE's replicas in the catalogue. Both sides are sorted by path in bounded
 * memory ({@link SortedLines}) and merged ({@link CheckMerge}), so a million files cost a few
 * chunks on disk, not a million objects in memory. Each run is recorded in {@code rse_checks}.
 */
public final class StorageCheck {
    private static final int CHUNK_LINES = 200_000;

    private final Database database;
    private final Permissions permissions;
    private final ServerStorage storage;
    private final Clock clock;
    private final RecoveryConfig config;
    private final RseRepository rses = new RseRepository();

    public StorageCheck(Database database, Permissions permissions, ServerStorage storage, Clock clock, RecoveryConfig config) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
    }

    /** Checks an RSE for a caller allowed to ({@code check_rse}: administrators); with fix, old dark files are deleted. */
    public CheckReport check(Caller caller, String rseName, Optional<InputStream> dump, boolean fix) {
        Rse rse = database.readOnly(tx -> {
            Rse found = rses.require(tx, caller.vo(), rseName);
            permissions.check(tx, caller, Actions.CHECK_RSE, "rse", rseName);
            return found;
        });
        return run(rse, dump, fix, Optional.empty());
    }

    /** Whether the RSE's storage can list its files (what the auditor daemon needs). */
    boolean listable(Rse rse) {
        return protocol(rse).map(p -> storage.open(rse.name(), p) instanceof ListableStorage).orElse(false);
    }

    /** @param daemon the daemon that runs the check, recorded in the audit log for each replica declared bad or suspicious */
    CheckReport run(Rse rse, Optional<InputStream> dump, boolean fix, Optional<String> daemon) {
        RseProtocol protocol = protocol(rse).orElseThrow(() -> new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED,
                "RSE '" + rse.name() + "' has no protocol this server can read"));
        StorageProtocol store = storage.open(rse.name(), protocol);
        if (dump.isEmpty() && !(store instanceof ListableStorage)) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "The storage of RSE '" + rse.name()
                    + "' cannot list its files (" + protocol.scheme() + "): give a dump of its paths instead");
        }
        Instant started = clock.instant();
        Path directory = temporaryDirectory();
        try (SortedLines onStorage = new SortedLines(directory, CHUNK_LINES);
             SortedLines inCatalogue = new SortedLines(directory, CHUNK_LINES)) {
            String base = protocol.pfn("");
            StoragePaths paths = new StoragePaths(base, protocol.prefix());
            if (dump.isPresent()) {
                readDump(dump.get(), paths, onStorage);
            } else {
                ((ListableStorage) store).list(base, object -> paths.relative(object.pfn()).ifPresent(path -> onStorage.add(path + "\t"
                        + object.size() + "\t" + object.modified().map(m -> Long.toString(m.toEpochMilli())).orElse("-"))));
            }
            readCatalogue(rse, inCatalogue);
            Optional<String> distrust = ListingTrust.distrust(onStorage.count(), inCatalogue.count());
            CheckMerge merge = new CheckMerge(database, new CheckMerge.Target(rse.id(), rse.name(), store, protocol::pfn, started,
                    started.minus(config.darkGrace()), fix, distrust.isEmpty(), daemon));
            merge.merge(onStorage.sorted(), inCatalogue.sorted());
            CheckReport report = merge.report(dump.isPresent() ? "dump" : "listing", onStorage.count(), inCatalogue.count(),
                    distrust.orElse(""));
            record(rse, report);
            return report;
        } finally {
            deleteQuietly(directory);
        }
    }

    private Optional<RseProtocol> protocol(Rse rse) {
        return database.readOnly(tx -> rses.protocols(tx, rse.id())).stream()
                .filter(p -> storage.supports(p.scheme()) && p.supports("wan", "read"))
                .min(Comparator.comparingInt(p -> p.priority("wan", "read")));
    }

    private static void readDump(InputStream dump, StoragePaths paths, SortedLines into) {
        try (BufferedInputStream buffered = new BufferedInputStream(dump)) {
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            InputStream in = gzip ? new GZIPInputStream(buffered) : buffered;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty()) {
                    paths.relative(entry).ifPresent(path -> into.add(path + "\t-\t-"));
                }
            }
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Cannot read the storage dump: " + e.getMessage(), e);
        }
    }

    private void readCatalogue(Rse rse, SortedLines into) {
        database.readOnly(tx -> {
            String algorithm = Lfn2Pfn.algorithm(rses.attributes(tx, rse.id()));
            tx.stream("select scope, name, path, state, bytes, updated_at from replicas where rse_id = ?",
                    rs -> {
                        String path = rs.getString(3) != null ? rs.getString(3) : Lfn2Pfn.path(algorithm, rs.getString(1), rs.getString(2));
                        return StoragePaths.clean(path) + "\t" + rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(4) + "\t"
                                + rs.getLong(5) + "\t" + Tx.instant(rs, "updated_at").toEpochMilli();
                    }, into::add, rse.id());
            return null;
        });
    }

    private void record(Rse rse, CheckReport report) {
        RseChecks.record(database, rse.id(), clock.instant(), CheckReports.toMap(report));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("laguna-check");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the storage check", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (var files = Files.list(directory)) {
            files.forEach(file -> file.toFile().delete());
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // left in the temporary directory
        }
    }
}
