package org.laguna.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code laguna vo ...}: the VOs of a server of several VOs, for super_root. */
@Command(name = "vo", mixinStandardHelpOptions = true,
        description = "Add, list and update the VOs of a server of several VOs, and give a VO's root an identity (super_root only).",
        subcommands = {VoCommands.Add.class, VoCommands.ListVos.class, VoCommands.Update.class, VoCommands.Recover.class})
final class VoCommands {
    private VoCommands() {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a VO (a tag of three lower-case letters or digits): its catalogue, and its root account holding"
                    + " super_root's identities.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "VO")
        String vo;

        @Option(names = "--description", description = "What the VO is (its full name, say).")
        String description;

        @Option(names = "--email", description = "Whom to write to about the VO.")
        String email;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> body = details(description, email);
            client.post(LagunaClient.path("vos", vo), body);
            out.done("Added VO " + vo, "added", "vo", vo);
        }
    }

    @Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true, description = "List the VOs.")
    static final class ListVos extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(client.stream("GET", "/vos", null), "vo", "description", "email", "created_at");
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Change a VO's description or email.")
    static final class Update extends ClientCommand {
        @Parameters(index = "0", paramLabel = "VO")
        String vo;

        @Option(names = "--description", description = "The new description.")
        String description;

        @Option(names = "--email", description = "The new email.")
        String email;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> body = details(description, email);
            if (body.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "Give --description or --email (or both)");
            }
            client.put(LagunaClient.path("vos", vo), body);
            out.done("Updated VO " + vo, "updated", "vo", vo);
        }
    }

    @Command(name = "recover", mixinStandardHelpOptions = true,
            description = "Give the root account of a VO another identity (when its own are lost).")
    static final class Recover extends ClientCommand {
        @Parameters(index = "0", paramLabel = "VO")
        String vo;

        @Option(names = "--identity", required = true, description = "The identity: a username, a certificate's DN, an OIDC subject...")
        String identity;

        @Option(names = "--type", required = true, description = "Its type: USERPASS, X509, OIDC, SSH or GSS.")
        String type;

        @Option(names = "--email", description = "The identity's email.")
        String email;

        @Option(names = "--secret-stdin", description = "Read a USERPASS identity's password from the first line of standard input.")
        boolean secretStdin;

        @Option(names = "--secret", paramLabel = "-", description = "Only '-': the same as --secret-stdin. Without either, a USERPASS"
                + " identity's password is asked for on the terminal.")
        String secret;

        @Option(names = "--default", description = "Make root the identity's default account in that VO.")
        boolean isDefault;

        @Override
        protected void run(LagunaClient client, Output out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("identity", identity);
            body.put("authtype", type);
            body.put("email", email);
            if (type.equalsIgnoreCase("USERPASS")) {
                body.put("password", Secrets.read(spec.commandLine(), secret, secretStdin, "Password for " + identity + ": "));
            }
            body.put("default", isDefault);
            client.post(LagunaClient.path("vos", vo, "recover"), body);
            out.done("Gave root of VO " + vo + " the " + type + " identity " + identity, "recovered", "vo", vo, "identity", identity,
                    "type", type);
        }
    }

    /** The body of an add or update: the description and email given, and nothing for those left out. */
    private static Map<String, Object> details(String description, String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (description != null) {
            body.put("description", description);
        }
        if (email != null) {
            body.put("email", email);
        }
        return body;
    }
}
