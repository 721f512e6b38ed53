package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.StreamSupport;
import org.laguna.client.LagunaClient;
import org.laguna.client.RegistrationApi;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code laguna register}: a person with an OIDC access token and no account yet accepts the
 * terms of use and gets an account; administrators list, approve and deny waiting registrations.
 */
@Command(name = "register", mixinStandardHelpOptions = true,
        description = {"Register for an account with an OIDC access token of a trusted issuer, accepting the terms of use.",
                "The token comes from --token-file (- reads standard input), else $BEARER_TOKEN, else the file $BEARER_TOKEN_FILE.",
                "Without --accept-terms the terms are printed with their version, to be accepted by running again."},
        subcommands = {RegisterCommand.Terms.class, RegisterCommand.Pending.class, RegisterCommand.Approve.class, RegisterCommand.Deny.class})
final class RegisterCommand extends ClientCommand {
    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the OIDC access token; - for standard input.")
    String tokenFile;

    @Option(names = "--accept-terms", paramLabel = "VERSION", description = "Accept this version of the terms of use (see 'laguna register terms').")
    String acceptedVersion;

    @Override
    protected void run(LagunaClient client, Output out) {
        RegistrationApi registrations = new RegistrationApi(client);
        String token = token();
        if (acceptedVersion == null) {
            JsonNode terms = registrations.terms();
            printTerms(terms, out);
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "to register, accept the terms above: run again with --accept-terms "
                    + terms.path("version").asText());
        }
        JsonNode registration = registrations.register(token, acceptedVersion);
        String account = registration.path("account").asText();
        String status = registration.path("status").asText();
        String text = switch (status) {
            case "APPROVED" -> "Registered: account " + account + " with scope user." + account;
            case "PENDING" -> "Registration " + registration.path("id").asText() + " waits for an administrator's approval (account "
                    + account + " when approved)";
            default -> "Registration " + registration.path("id").asText() + " was denied"
                    + (registration.hasNonNull("reason") ? ": " + registration.get("reason").asText() : "");
        };
        if (out.json()) {
            out.object(registration);
        } else {
            out.line(text);
        }
        exitCode = "DENIED".equals(status) ? LagunaCli.EXIT_ERROR : 0;
    }

    private String token() {
        String token;
        if (tokenFile != null) {
            token = tokenFile.equals("-") ? readStandardInput() : readFile(Path.of(tokenFile));
        } else if (environment.get("BEARER_TOKEN") != null && !environment.get("BEARER_TOKEN").isBlank()) {
            token = environment.get("BEARER_TOKEN");
        } else if (environment.get("BEARER_TOKEN_FILE") != null && !environment.get("BEARER_TOKEN_FILE").isBlank()) {
            token = readFile(Path.of(environment.get("BEARER_TOKEN_FILE")));
        } else {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "No OIDC access token: give --token-file FILE (- for standard input),"
                    + " or set BEARER_TOKEN or BEARER_TOKEN_FILE");
        }
        token = token.strip();
        if (token.isEmpty()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "The OIDC access token is empty");
        }
        return token;
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "Cannot read the token file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String readStandardInput() {
        try {
            InputStream in = System.in;
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "Cannot read the token from standard input: " + e.getMessage(), e);
        }
    }

    static void printTerms(JsonNode terms, Output out) {
        if (out.json()) {
            out.object(terms);
            return;
        }
        if (!terms.path("enabled").asBoolean()) {
            out.line("Self-registration is not enabled on this server.");
            return;
        }
        out.line("Terms of use, version " + terms.path("version").asText() + (terms.path("approval_required").asBoolean()
                ? " (registrations wait for an administrator's approval)" : "") + ":");
        out.line("");
        out.line(terms.path("text").asText());
    }

    @Command(name = "terms", mixinStandardHelpOptions = true, description = "Show the terms of use to accept, and their version.")
    static final class Terms extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            printTerms(new RegistrationApi(client).terms(), out);
        }
    }

    @Command(name = "pending", mixinStandardHelpOptions = true, description = "List the registrations waiting for approval (administrators).")
    static final class Pending extends ClientCommand {
        @Override
        protected void run(LagunaClient client, Output out) {
            out.table(StreamSupport.stream(new RegistrationApi(client).pending().spliterator(), false),
                    "id", "account", "identity", "email", "requested_at", "terms_version");
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, description = "Approve a registration: its account is created (administrators).")
    static final class Approve extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The registration's id.")
        String id;

        @Override
        protected void run(LagunaClient client, Output out) {
            JsonNode registration = new RegistrationApi(client).approve(id);
            out.done("Approved: account " + registration.path("account").asText() + " created", "approved",
                    "id", id, "account", registration.path("account").asText());
        }
    }

    @Command(name = "deny", mixinStandardHelpOptions = true, description = "Deny a registration (administrators).")
    static final class Deny extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The registration's id.")
        String id;

        @Option(names = "--reason", description = "Why, as shown to the person.")
        String reason;

        @Override
        protected void run(LagunaClient client, Output out) {
            new RegistrationApi(client).deny(id, reason);
            out.done("Denied registration " + id, "denied", "id", id);
        }
    }
}
