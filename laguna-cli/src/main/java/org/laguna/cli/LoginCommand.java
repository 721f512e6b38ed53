package org.laguna.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.laguna.client.ClientConfig;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code laguna login}: trades a password for a token saved in the home's config; the password is not
 * saved. With {@code --oidc} the login goes through the server's OIDC provider in a browser instead.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in: asks for the password without echo (or reads its first line from standard input when that is"
                + " not a terminal), and saves a token, not the password, in <home>/config (mode 0600).",
                "Later commands use the token until it expires, then ask you to log in again. A password saved in the config"
                        + " is removed.",
                "With --oidc: prints a URL to open in a browser; once you logged in at the identity provider there, the token is"
                        + " saved the same way."})
final class LoginCommand implements Callable<Integer> {
    private static final Duration OIDC_WAIT = Duration.ofMinutes(3);
    private static final Duration OIDC_POLL = Duration.ofSeconds(2);
    private static final DateTimeFormatter RUCIO_EXPIRY = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.ENGLISH);

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Option(names = "--oidc", description = "Log in through the server's OIDC provider: prints a URL to open in a browser, then waits"
            + " (up to 3 minutes) until the login there is complete.")
    boolean oidc;

    @Option(names = "--issuer", paramLabel = "NAME", description = "With --oidc: the provider, by the server's name for it or its URL"
            + " (default: the server's default).")
    String issuer;

    @Option(names = "--scope", paramLabel = "SCOPES", description = "With --oidc: the scopes to ask for (default: the server's; must include openid).")
    String scope;

    @Override
    public Integer call() {
        Map<String, String> env = ClientCommand.environment;
        ClientConfig settings = connection.resolve(env, false);
        if (oidc) {
            return save(env, settings, oidcLogin(settings), settings.account());
        }
        if (settings.username() == null) {
            throw new ParameterException(spec.commandLine(), "Give --username: no username is saved in " + connection.home(env).resolve("config"));
        }
        String password = Connection.first(connection.password, env.get("LAGUNA_PASSWORD"));
        if (password == null) {
            password = Secrets.read(spec.commandLine(), null, System.console() == null, "Password of " + settings.username() + ": ");
        }
        LagunaClient.AuthToken token;
        try (LagunaClient client = new LagunaClient(settings)) {
            token = client.authenticate(password);
        }
        return save(env, settings, token, settings.username());
    }

    private LagunaClient.AuthToken oidcLogin(ClientConfig settings) {
        try (LagunaClient client = new LagunaClient(settings)) {
            String url = client.startOidcLogin(issuer, scope);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Open this URL in a browser and log in with your identity provider:");
            out.println();
            out.println("    " + url);
            out.println();
            out.flush();
            long deadline = System.nanoTime() + OIDC_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<LagunaClient.AuthToken> token = client.fetchOidcToken(url);
                if (token.isPresent()) {
                    return token.get();
                }
                try {
                    Thread.sleep(OIDC_POLL.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "The login was not completed in the browser within "
                + OIDC_WAIT.toMinutes() + " minutes: run 'laguna login --oidc' again");
    }

    private int save(Map<String, String> env, ClientConfig settings, LagunaClient.AuthToken token, String who) {
        String expires = isoInstant(token.expires());
        Map<String, String> changes = new LinkedHashMap<>();
        if (connection.url != null) {
            changes.put("url", settings.url());
        }
        changes.put("account", settings.account());
        if (!oidc) {
            changes.put("username", settings.username());
        }
        changes.put("password", null);
        changes.put("token", token.token());
        changes.put("token_expires", expires);
        Path file = connection.home(env).resolve("config");
        new ConfigFile(file).update(changes, "Written by 'laguna login'.");
        spec.commandLine().getOut().println("Logged in to " + settings.url() + " as " + who + " (account "
                + settings.account() + "); token saved in " + file + (expires == null ? "" : ", valid until " + expires));
        return 0;
    }

    /** The server's expiry ({@code Fri, 04 Dec 2026 05:00:31 UTC}) as an ISO instant; null if absent or unreadable. */
    static String isoInstant(String expires) {
        if (expires == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(expires, RUCIO_EXPIRY).toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
