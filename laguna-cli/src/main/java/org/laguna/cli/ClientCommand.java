package org.laguna.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** A command that talks to a server: connection options, {@code --json}, and a client. */
public abstract class ClientCommand implements Callable<Integer> {
    /** The environment the connection settings are read from; tests replace it. */
    static Map<String, String> environment = System.getenv();

    @Mixin
    Connection connection;

    @Option(names = "--json", description = "Print JSON (one value per line for lists) instead of tables.")
    boolean json;

    @Spec
    CommandSpec spec;

    /** The exit code once {@link #run} returns normally (0; a command that reports an outcome by its code sets it). */
    int exitCode;

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (LagunaClient client = new LagunaClient(connection.resolve(environment))) {
            run(client, new Output(out, json));
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.SERVICE_UNAVAILABLE && e.getMessage().startsWith("Cannot connect")) {
                throw new LagunaException(e.code(), e.getMessage() + connection.unreachableHint(), e);
            }
            throw e;
        }
        return exitCode;
    }

    protected abstract void run(LagunaClient client, Output out);
}
