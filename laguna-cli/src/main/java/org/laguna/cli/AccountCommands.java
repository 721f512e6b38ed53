package org.laguna.cli;

import java.util.Locale;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code laguna account ...}. */
@Command(name = "account", mixinStandardHelpOptions = true, description = "Manage accounts, their attributes, identities, limits and group members.",
        subcommands = {AccountCommands.Add.class, AccountCommands.Show.class, AccountCommands.ListAccounts.class,
                AccountCommands.Update.class, AccountCommands.Delete.class, AccountCommands.Attribute.class,
                AccountCommands.Identity.class, AccountCommands.Limit.class, AccountCommands.Usage.class,
                GroupMemberCommands.class, GroupMemberCommands.Groups.class})
final class AccountCommands {
    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Option(names = "--type", defaultValue = "USER", description = "USER, GROUP or SERVICE (default USER).")
        String type;

        @Option(names = "--email")
        String email;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.accounts().add(account, type.toUpperCase(Locale.ROOT), email);
            out.done("Added account " + account, "added", "account", account);
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an account.")
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.object(client.accounts().get(account));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
    static final class ListAccounts extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.accounts().list(), "account", "type", "email");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change an account's status or email.")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Option(names = "--key", required = true, description = "status or email")
        String key;

        @Option(names = "--value", required = true)
        String value;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.accounts().update(account, key, value);
            out.done("Updated account " + account, "updated", "account", account, "key", key, "value", value);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an account.")
    static final class Delete extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Override
        protected void run(LagunaClient client, Output out) {
            client.accounts().delete(account);
            out.done("Deleted account " + account, "deleted", "account", account);
        }
    }

    @Command(name = "attribute", mixinStandardHelpOptions = true, description = "List, add or delete account attributes.",
            subcommands = {Attribute.ListAttributes.class, Attribute.AddAttribute.class, Attribute.DeleteAttribute.class})
    static final class Attribute {
        private static final AttributeCommands.Kind ACCOUNT = new AttributeCommands.Kind("account",
                (client, account) -> client.accounts().attributes(account),
                (client, account, key, value) -> client.accounts().addAttribute(account, key, value),
                (client, account, key) -> client.accounts().deleteAttribute(account, key),
                "added", text -> Dids.typed((String) text), (account, key, value) -> "Added attribute " + key + " to " + account);

        @Command(name = "list", mixinStandardHelpOptions = true)
        static final class ListAttributes extends AttributeCommands.ListAttributes {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            ListAttributes() {
                super(ACCOUNT);
            }

            @Override
            String object() {
                return account;
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true)
        static final class AddAttribute extends AttributeCommands.WriteAttribute {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            AddAttribute() {
                super(ACCOUNT);
            }

            @Override
            String object() {
                return account;
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true)
        static final class DeleteAttribute extends AttributeCommands.DeleteAttribute {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            DeleteAttribute() {
                super(ACCOUNT);
            }

            @Override
            String object() {
                return account;
            }
        }
    }

    @Command(name = "identity", mixinStandardHelpOptions = true, description = "List or add identities.",
            subcommands = {Identity.ListIdentities.class, Identity.AddIdentity.class})
    static final class Identity {
        @Command(name = "list", mixinStandardHelpOptions = true)
        static final class ListIdentities extends ClientCommand {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            @Override
            protected void run(LagunaClient client, Output out) {
                out.table(client.accounts().identities(account), "type", "identity", "email");
            }
        }

        @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a username/password identity, an OIDC one"
                + " ('SUB=<sub>, ISS=<issuer>') with --type OIDC, or a certificate DN ('/DC=org/.../CN=<name>') with --type X509.")
        static final class AddIdentity extends ClientCommand {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            @Option(names = "--identity", required = true, description = "The username, for OIDC 'SUB=<sub>, ISS=<issuer>',"
                    + " for X509 the certificate's DN ('/DC=org/DC=example/CN=Alice', or RFC 2253 'CN=Alice,DC=example,DC=org').")
            String identity;

            @Option(names = "--type", defaultValue = "USERPASS", description = "USERPASS (default), OIDC or X509.")
            String type;

            @Option(names = "--secret-stdin", description = "Read the password from the first line of standard input.")
            boolean secretStdin;

            @Option(names = "--secret", paramLabel = "-", description = "Only '-': the same as --secret-stdin. Without either,"
                    + " the password is asked for on the terminal.")
            String secret;

            @Option(names = "--email")
            String email;

            @Override
            protected void run(LagunaClient client, Output out) {
                if (type.equalsIgnoreCase("OIDC") || type.equalsIgnoreCase("X509")) {
                    client.accounts().addIdentity(account, identity, type.toUpperCase(Locale.ROOT), email);
                    out.done("Added identity " + identity + " to " + account, "added", "account", account, "identity", identity);
                    return;
                }
                if (!type.equalsIgnoreCase("USERPASS")) {
                    throw new ParameterException(spec.commandLine(), "--type must be USERPASS, OIDC or X509, got " + type);
                }
                client.accounts().addUserpass(account, identity, Secrets.read(spec.commandLine(), secret, secretStdin,
                        "Password for " + identity + ": "), email);
                out.done("Added identity " + identity + " to " + account, "added", "account", account, "identity", identity);
            }
        }
    }

    @Command(name = "limit", mixinStandardHelpOptions = true, description = "Show, set or delete an account's byte limits.",
            subcommands = {Limit.ShowLimit.class, Limit.SetLimit.class, Limit.DeleteLimit.class})
    static final class Limit {
        @Command(name = "show", mixinStandardHelpOptions = true)
        static final class ShowLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            @Override
            protected void run(LagunaClient client, Output out) {
                out.object(client.accounts().localLimits(account));
            }
        }

        @Command(name = "set", mixinStandardHelpOptions = true)
        static final class SetLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            @Option(names = "--rse", required = true)
            String rse;

            @Option(names = "--bytes", required = true, description = "Bytes, or 'infinity'.")
            String bytes;

            @Override
            protected void run(LagunaClient client, Output out) {
                long value = bytes.equalsIgnoreCase("infinity") ? -1 : Long.parseLong(bytes);
                client.accounts().setLocalLimit(account, rse, value);
                out.done("Set limit of " + account + " on " + rse + " to " + bytes, "set", "account", account, "rse", rse, "bytes", value);
            }
        }

        @Command(name = "delete", mixinStandardHelpOptions = true)
        static final class DeleteLimit extends ClientCommand {
            @Parameters(index = "0", paramLabel = "ACCOUNT")
            String account;

            @Option(names = "--rse", required = true)
            String rse;

            @Override
            protected void run(LagunaClient client, Output out) {
                client.accounts().deleteLocalLimit(account, rse);
                out.done("Deleted limit of " + account + " on " + rse, "deleted", "account", account, "rse", rse);
            }
        }
    }

    @Command(name = "usage", mixinStandardHelpOptions = true, description = "Show an account's usage per RSE.")
    static final class Usage extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ACCOUNT")
        String account;

        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.accounts().usage(account), "rse", "bytes", "files", "bytes_limit");
        }
    }
}
