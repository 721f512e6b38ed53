package org.laguna.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.laguna.client.ClientConfig;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Option;

/**
 * Where to connect and as whom. Precedence: options, then environment ({@code LAGUNA_URL},
 * {@code LAGUNA_ACCOUNT}, {@code LAGUNA_USERNAME}, {@code LAGUNA_PASSWORD}, {@code LAGUNA_VO}), then
 * {@code <home>/config}, then the URL the local server wrote to {@code <home>/server.url}.
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

    @Option(names = "--home", description = "Laguna home holding config and server.url (env LAGUNA_HOME; default ~/.laguna).")
    Path home;

    /** Resolves the settings against an environment and the files of the home. */
    public ClientConfig resolve(Map<String, String> env) {
        Path laguna = home != null ? home
                : env.get("LAGUNA_HOME") != null && !env.get("LAGUNA_HOME").isBlank() ? Path.of(env.get("LAGUNA_HOME"))
                : Path.of(System.getProperty("user.home"), ".laguna");
        Properties file = load(laguna.resolve("config"));
        String resolvedUrl = first(url, env.get("LAGUNA_URL"), file.getProperty("url"), serverUrl(laguna.resolve("server.url")));
        if (resolvedUrl == null) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "No server configured: give --url, set LAGUNA_URL, put url= in "
                    + laguna.resolve("config") + ", or start 'laguna server'");
        }
        String user = first(username, env.get("LAGUNA_USERNAME"), file.getProperty("username"));
        return new ClientConfig(resolvedUrl,
                first(account, env.get("LAGUNA_ACCOUNT"), file.getProperty("account"), user),
                user,
                first(password, env.get("LAGUNA_PASSWORD"), file.getProperty("password")),
                first(vo, env.get("LAGUNA_VO"), file.getProperty("vo")));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        if (Files.isReadable(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "Cannot read " + file + ": " + e.getMessage());
            }
        }
        return properties;
    }

    private static String serverUrl(Path file) {
        try {
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
