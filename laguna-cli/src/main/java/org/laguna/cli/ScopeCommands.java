package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code laguna scope ...}. */
@Command(name = "scope", mixinStandardHelpOptions = true, description = "Add and list scopes.",
        subcommands = {ScopeCommands.Add.class, ScopeCommands.ListScopes.class})
final class ScopeCommands {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a scope owned by an account.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "SCOPE")
        String scope;

        @Option(names = "--owner", required = true, description = "The account that owns the scope.")
        String account;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.scopes().add(account, scope);
            out.done("Added scope " + scope + " for " + account, "added", "scope", scope, "account", account);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List scopes (of one account with --for).")
    static final class ListScopes extends ClientCommand {
        @Option(names = "--for", description = "Only the scopes of this account.")
        String owner;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode scopes = owner == null ? client.scopes().list() : client.scopes().listFor(owner);
            out.table(StreamSupport.stream(scopes.spliterator(), false), "scope");
        }
    }
}
