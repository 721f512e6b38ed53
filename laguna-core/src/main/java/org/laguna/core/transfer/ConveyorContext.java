package org.laguna.core.transfer;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.laguna.core.daemon.DaemonConfig;
import org.laguna.core.daemon.DaemonProcess;
import org.laguna.core.db.Database;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.storage.ServerStorage;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.TransferTool;

/**
 * What the conveyor's stages share: the database, storage, RSEs, the transfer tool and the settings.
 *
 * @param heartbeatTimeout {@code daemon.heartbeat-timeout}: a built-in engine whose heartbeat is older is dead, and its
 *     requests are taken over (see {@link EngineHeartbeat})
 */
public record ConveyorContext(Database database, ServerStorage storage, RseRepository rses, RseResolver resolver, Clock clock,
        TransferConfig config, TransferTool tool, Duration heartbeatTimeout) {
    /** With the default heartbeat timeout. */
    public ConveyorContext(Database database, ServerStorage storage, RseRepository rses, RseResolver resolver, Clock clock,
            TransferConfig config, TransferTool tool) {
        this(database, storage, rses, resolver, clock, config, tool, DaemonConfig.DEFAULTS.heartbeatTimeout());
    }

    public ConveyorContext {
        Objects.requireNonNull(database, "database is null");
        Objects.requireNonNull(storage, "storage is null");
        Objects.requireNonNull(rses, "rses is null");
        Objects.requireNonNull(resolver, "resolver is null");
        Objects.requireNonNull(clock, "clock is null");
        Objects.requireNonNull(config, "config is null");
        Objects.requireNonNull(tool, "tool is null");
        Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout is null");
    }

    TransferPlanner planner() {
        return new TransferPlanner(storage, rses, resolver, tool.bridgesProtocols());
    }

    /**
     * The tools whose requests belong to an in-process engine ({@link InProcessEngine}: the engine's id in the requests'
     * external_host, its jobs gone with its process, its requests taken over once its heartbeat expired): this process's
     * tool when it has that ability, and the core's own engine, which this process may not run but another one (or this
     * one before its {@code transfer.tool} changed) may have.
     */
    Set<String> inProcessTools() {
        Set<String> names = new TreeSet<>(Set.of(BuiltinTransferTool.NAME));
        if (tool instanceof InProcessEngine) {
            names.add(tool.name());
        }
        return names;
    }

    /** What the submitter records as the requests' external_host: an in-process engine's id, else the host name. */
    String host() {
        return tool instanceof InProcessEngine engine ? engine.engineId() : DaemonProcess.current().hostname();
    }
}
