package org.laguna.cli;

import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.laguna.client.ClientConfig;
import org.laguna.client.LagunaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code laguna login}: trades a password for a token saved in the home's config; the password is not saved. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in: asks for the password without echo (or reads its first line from standard input when that is"
                + " not a terminal), and saves a token, not the password, in <home>/config (mode 0600).",
                "Later commands use the token until it expires, then ask you to log in again. A password saved in the config"
                        + " is removed."})
final class LoginCommand implements Callable<Integer> {
    private static final DateTimeFormatter RUCIO_EXPIRY = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss zzz", Locale.ENGLISH);

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Map<String, String> env = ClientCommand.environment;
        ClientConfig settings = connection.resolve(env, false);
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
        String expires = isoInstant(token.expires());
        Map<String, String> changes = new LinkedHashMap<>();
        if (connection.url != null) {
            changes.put("url", settings.url());
        }
        changes.put("account", settings.account());
        changes.put("username", settings.username());
        changes.put("password", null);
        changes.put("token", token.token());
        changes.put("token_expires", expires);
        Path file = connection.home(env).resolve("config");
        new ConfigFile(file).update(changes, "Written by 'laguna login'.");
        spec.commandLine().getOut().println("Logged in to " + settings.url() + " as " + settings.username() + " (account "
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
