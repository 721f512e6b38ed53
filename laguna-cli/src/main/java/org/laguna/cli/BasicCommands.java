package org.laguna.cli;

import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;

/** {@code ping} and {@code whoami}. */
final class BasicCommands {
    private BasicCommands() {
    }

    @Command(name = "ping", mixinStandardHelpOptions = true, description = "Check that the server answers; prints its API version.")
    static final class Ping extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            var answer = client.ping();
            if (out.json()) {
                out.object(answer);
            } else {
                out.line(client.config().url() + " answers, API version " + answer.path("version").asText());
            }
        }
    }

    @Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show the account you act as.")
    static final class Whoami extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            out.object(client.whoami());
        }
    }
}
