package org.laguna.core.transfer;

import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.laguna.core.transfer.BuiltinTransferToolTest.MemoryStorage;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolContract;

/** The built-in tool against the contract of every transfer tool, with in-memory storages. */
class BuiltinTransferToolContractTest extends TransferToolContract {
    private final MemoryStorage sources = new MemoryStorage();
    private final MemoryStorage destinations = new MemoryStorage();
    private final BuiltinTransferTool tool = new BuiltinTransferTool((rse, pfn) -> rse.equals("SRC") ? sources : destinations,
            Clock.systemUTC(), 4, 2);

    @AfterEach
    void close() {
        tool.close();
    }

    @Override
    protected TransferTool tool() {
        return tool;
    }

    @Override
    protected TransferEndpoint source(String name, byte[] content) {
        String pfn = "mem://src/" + name;
        sources.objects.put(pfn, content);
        return new TransferEndpoint("SRC", pfn);
    }

    @Override
    protected TransferEndpoint missingSource(String name) {
        return new TransferEndpoint("SRC", "mem://src/missing/" + name);
    }

    @Override
    protected TransferEndpoint destination(String name) {
        return new TransferEndpoint("DST", "mem://dst/" + name);
    }

    @Override
    protected Optional<byte[]> read(TransferEndpoint destination) {
        return Optional.ofNullable(destinations.objects.get(destination.pfn()));
    }
}
