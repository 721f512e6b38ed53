package org.laguna.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.spi.transfer.TransferTool;

/**
 * What the conveyor tests share: a server with the scope {@code exp} of root and POSIX RSEs stored under one temporary
 * directory, files uploaded there with a rule for a copy elsewhere, and conveyors run on the server's catalogue.
 */
public final class ConveyorRig {
    /** Conveyor cycles {@link #runUntilOk} runs at most. */
    public static final int CYCLES = 40;

    private final TestServer server;
    private final Rest root;
    private final Path storage;

    private ConveyorRig(TestServer server, Path storage) {
        this.server = server;
        this.root = server.root();
        this.storage = storage;
    }

    /** Adds the scope {@code exp} and these POSIX RSEs (see {@link PosixRses#addUnder}) under a new temporary directory. */
    public static ConveyorRig on(TestServer server, String directoryPrefix, String... posixRses) throws IOException {
        ConveyorRig rig = new ConveyorRig(server, Files.createTempDirectory(directoryPrefix));
        server.createScope("exp", "root");
        for (String rse : posixRses) {
            PosixRses.addUnder(rig.root, rse, rig.storage);
        }
        return rig;
    }

    public TestServer server() {
        return server;
    }

    public Rest root() {
        return root;
    }

    /** The directory the RSEs are stored under. */
    public Path storage() {
        return storage;
    }

    /** Uploads a file {@code exp:name} with that content to {@code source} (as root, with the CLI). */
    public void upload(Path work, String name, String content, String source) throws IOException {
        Path file = Files.writeString(work.resolve(name), content);
        CliRunner.Run upload = CliRunner.asRoot(server, "upload", "--rse", source, "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
    }

    /** Uploads {@code exp:name} to {@code source} and adds a rule for one copy on {@code target}; the rule's id. */
    public String ruleFor(Path work, String name, String content, String source, String target) throws IOException {
        upload(work, name, content, source);
        return rule(name, target);
    }

    /** Adds a rule for one copy of {@code exp:name} on the RSEs of that expression; the rule's id. */
    public String rule(String name, String rseExpression) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", rseExpression));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    /** The conveyor's context on this server, with the default heartbeat timeout. */
    public ConveyorContext context(TransferConfig config, TransferTool tool) {
        LagunaCore core = server.core();
        return new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(), core.services().rses().resolver(),
                core.clock(), config, tool);
    }

    /** The conveyor's context on this server, with the server's transfer tool and this heartbeat timeout. */
    public ConveyorContext context(TransferConfig config, Duration heartbeatTimeout) {
        return context(config, server.core().transferTool(), heartbeatTimeout);
    }

    /** The conveyor's context on this server, with this transfer tool and heartbeat timeout. */
    public ConveyorContext context(TransferConfig config, TransferTool tool, Duration heartbeatTimeout) {
        LagunaCore core = server.core();
        return new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(), core.services().rses().resolver(),
                core.clock(), config, tool, heartbeatTimeout);
    }

    /** A rule's state as the REST API shows it. */
    public String state(String rule) {
        return root.get("/rules/" + rule).json().get("state").asText();
    }

    /** Runs the conveyor until the rule is OK, for at most {@link #CYCLES} cycles. */
    public void runUntilOk(Conveyor conveyor, String rule) {
        for (int i = 0; i < CYCLES && !"OK".equals(state(rule)); i++) {
            conveyor.runOnce(WorkSlice.ALL);
        }
    }
}
