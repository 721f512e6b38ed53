package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code laguna rse check RSE [--dump FILE] [--fix]}: the storage consistency check of one RSE (administrators). */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare an RSE's storage with the catalogue: dark files (on storage only) and lost files (in the catalogue only). "
                + "Lost replicas are declared bad; with --fix, dark files older than the server's grace period are deleted.")
final class RseCheckCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "RSE")
    String rse;

    @Option(names = "--dump", paramLabel = "FILE",
            description = "A dump of the storage (one path or PFN per line, plain or gzip) instead of the storage's own listing.")
    Path dump;

    @Option(names = "--fix", description = "Delete dark files older than the grace period (part files of transfers are never touched).")
    boolean fix;

    @Override
    protected void run(LagunaClient client, Output out) {
        String path = "/rses" + LagunaClient.path(rse) + "/check?fix=" + fix;
        JsonNode report;
        if (dump == null) {
            report = client.post(path, null);
        } else {
            if (!Files.isRegularFile(dump)) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "No such dump file: " + dump);
            }
            report = client.postFile(path, dump);
        }
        out.object(report);
    }
}
