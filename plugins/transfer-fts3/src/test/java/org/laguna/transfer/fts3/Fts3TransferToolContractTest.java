package org.laguna.transfer.fts3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolContract;

/** The FTS3 tool against the contract of every transfer tool, through a loopback FTS3 that copies between local files. */
class Fts3TransferToolContractTest extends TransferToolContract {
    private final LoopbackFts3 fts3 = LoopbackFts3.start();
    private final Fts3TransferTool tool = new Fts3TransferTool(Fts3Config.from(Map.of("url", fts3.url(), "token", "loopback-token")));

    @TempDir
    Path storage;

    @AfterEach
    void close() {
        tool.close();
        fts3.close();
    }

    @Override
    protected TransferTool tool() {
        return tool;
    }

    @Override
    protected TransferEndpoint source(String name, byte[] content) {
        Path file = storage.resolve("src").resolve(name);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TransferEndpoint("SRC", file.toUri().toString());
    }

    @Override
    protected TransferEndpoint missingSource(String name) {
        return new TransferEndpoint("SRC", storage.resolve("src/missing").resolve(name).toUri().toString());
    }

    @Override
    protected TransferEndpoint destination(String name) {
        return new TransferEndpoint("DST", storage.resolve("dst").resolve(name).toUri().toString());
    }

    @Override
    protected Optional<byte[]> read(TransferEndpoint destination) {
        Path file = Path.of(java.net.URI.create(destination.pfn()));
        try {
            return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
