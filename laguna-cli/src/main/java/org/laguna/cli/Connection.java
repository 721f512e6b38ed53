package org.laguna.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Properties;
import org.laguna.client.ClientConfig;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Option;

/**
 * Where to connect and as whom. Precedence: options, then environment ({@code LAGUNA_URL},
 * {@code LAGUNA_ACCOUNT}, {@code LAGUNA_USERNAME}, {@code LAGUNA_PASSWORD}, {@code LAGUNA_VO}), then
 * {@code <home>/config}, then the URL the local server wrote to {@code <home>/server.url}. Without
 * {@code --home} or {@code LAGUNA_HOME}, a home with no server falls back to the last local server
 * started with another home ({@link LocalServer}). A username given as option or environment acts
 * as its own account, not as the config file's.
 */
public final class Connection {
    @Option(names = "--url", description = "Server URL (env LAGUNA_URL).")
    String url;

    @Option(names = "--account", description = "Account to act as (env LAGUNA_ACCOUNT; default: the username).")
    String account;

    @Option(names = "--username", description = "Username (env LAGUNA_USERNAME).")
    String username;

    @Option(names = "--password", description = "Password (env LAGUNA_PASSWORD).")
    String password;

    @Option(names = "--vo", description = "VO (env LAGUNA_VO; default def).")
    String vo;

    @Option(names = "--home", description = "Laguna home holding config and server.url (env LAGUNA_HOME; default ~/.laguna,"
            + " or the last local server's home).")
    Path home;

    /** The home whose {@code server.url} gave the URL in the last {@link #resolve}, if it came from there. */
    private Path localHome;

    /** What to do when the server at the resolved URL does not answer. */
    String unreachableHint() {
        if (localHome == null) {
            return "";
        }
        return ". The URL comes from " + localHome.resolve("server.url") + ", written by the last server started on that home:"
                + " start it again ('laguna server --detach --home " + localHome + "'), or point at the home of the running one with"
                + " --home DIR or 'export LAGUNA_HOME=DIR'";
    }

    /** The home whose files are read: the given one, else ~/.laguna, else the last local server's. */
    public Path home(Map<String, String> env) {
        Path given = givenHome(env);
        if (given != null) {
            return given;
        }
        Path standard = LocalServer.defaultHome();
        if (first(env.get("LAGUNA_URL"), url) != null || hasServer(standard)) {
            return standard;
        }
        return LocalServer.lastHome().orElse(standard);
    }

    /** The username given as option or environment, if any (else the config file's applies). */
    String givenUsername(Map<String, String> env) {
        return first(username, env.get("LAGUNA_USERNAME"));
    }

    /** Resolves the settings against an environment and the files of the home. */
    public ClientConfig resolve(Map<String, String> env) {
        return resolve(env, true);
    }

    /** As {@link #resolve(Map)}; without {@code savedToken} the token saved by {@code laguna login} is left out. */
    ClientConfig resolve(Map<String, String> env, boolean savedToken) {
        Path laguna = home(env);
        Properties file = new ConfigFile(laguna.resolve("config")).read();
        String resolvedUrl = first(url, env.get("LAGUNA_URL"), file.getProperty("url"));
        if (resolvedUrl == null) {
            resolvedUrl = serverUrl(laguna.resolve("server.url"));
            localHome = resolvedUrl == null ? null : laguna;
        }
        if (resolvedUrl == null) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, noServer(laguna));
        }
        checkUrl(resolvedUrl);
        String given = givenUsername(env);
        String user = first(given, file.getProperty("username"));
        // the file's account, password and token belong to the file's username
        boolean fileUser = given == null || given.equals(file.getProperty("username"));
        String secret = first(password, env.get("LAGUNA_PASSWORD"), fileUser ? file.getProperty("password") : null);
        String token = savedToken && secret == null && fileUser ? savedToken(file, laguna) : null;
        return new ClientConfig(resolvedUrl,
                first(account, env.get("LAGUNA_ACCOUNT"), fileUser ? file.getProperty("account") : null, user),
                user, secret,
                first(vo, env.get("LAGUNA_VO"), file.getProperty("vo")),
                token);
    }

    private Path givenHome(Map<String, String> env) {
        if (home != null) {
            return home;
        }
        String fromEnv = first(env.get("LAGUNA_HOME"));
        return fromEnv == null ? null : Path.of(fromEnv);
    }

    private static boolean hasServer(Path laguna) {
        return Files.exists(laguna.resolve("server.url")) || new ConfigFile(laguna.resolve("config")).read().getProperty("url") != null;
    }

    private static String noServer(Path laguna) {
        String where = Files.isDirectory(laguna) ? "home " + laguna + " has no server.url and its config no url="
                : "home " + laguna + " does not exist";
        return "No server configured (" + where + "). Start one with 'laguna server', or point at the home of a running one"
                + " with --home DIR or 'export LAGUNA_HOME=DIR', or give --url / LAGUNA_URL";
    }

    /** Refuses a URL that is not http(s)://host[:port][/path], saying what is wrong. */
    static void checkUrl(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "The server URL '" + text + "' is malformed (" + e.getReason()
                    + "); expected http://HOST:PORT or https://HOST:PORT");
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "The server URL '" + text + "' is not http://HOST:PORT or https://HOST:PORT");
        }
        if (uri.getPort() > 65535) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "The server URL '" + text + "' has port " + uri.getPort()
                    + ", beyond 65535");
        }
    }

    /** The token saved by {@code laguna login}, refused with what to do once it has expired. */
    private static String savedToken(Properties file, Path laguna) {
        String token = first(file.getProperty("token"));
        if (token == null) {
            return null;
        }
        String expires = first(file.getProperty("token_expires"));
        if (expires != null) {
            try {
                if (Instant.parse(expires).isBefore(Instant.now())) {
                    throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Your login as " + file.getProperty("username")
                            + " expired at " + expires + ": run 'laguna login' again (home " + laguna + ")");
                }
            } catch (DateTimeParseException e) {
                // an unreadable expiry: let the server judge the token
            }
        }
        return token;
    }

    static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static String serverUrl(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
