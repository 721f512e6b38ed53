package org.laguna.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last local server, recorded in {@code ~/.laguna/last-server} when a server starts with another
 * home ({@code laguna server --home DIR}), so that the next command in any shell finds it without
 * {@code LAGUNA_HOME}.
 */
public final class LocalServer {
    static final String FILE_NAME = "last-server";

    private LocalServer() {
    }

    /** {@code ~/.laguna}: the home when neither {@code --home} nor {@code LAGUNA_HOME} says otherwise. */
    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".laguna");
    }

    /** Records a server started on {@code home} at {@code url} as the last local server, if the home is not the default. */
    public static void record(Path home, String url) {
        Path absolute = home.toAbsolutePath().normalize();
        if (absolute.equals(defaultHome().toAbsolutePath().normalize())) {
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("home", absolute.toString());
        values.put("url", url);
        new ConfigFile(defaultHome().resolve(FILE_NAME)).update(values,
                "The last Laguna server started on this machine with another home than this one.");
    }

    /** The home of the last local server recorded, if it still exists. */
    static Optional<Path> lastHome() {
        String home = new ConfigFile(defaultHome().resolve(FILE_NAME)).read().getProperty("home");
        return Optional.ofNullable(home).filter(h -> !h.isBlank()).map(Path::of).filter(Files::isDirectory);
    }
}
