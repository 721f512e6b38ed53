package org.laguna.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code laguna config show|set}: the command line's settings in {@code <home>/config}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Show or change the command line's settings (<home>/config).",
        subcommands = {ConfigCommands.Show.class, ConfigCommands.Set.class})
final class ConfigCommands {
    /** Keys {@code config set} changes; secrets go through {@code laguna login}. */
    static final List<String> SETTABLE = List.of("url", "account", "username", "vo");
    private static final List<String> SECRETS = List.of("password", "token");

    private ConfigCommands() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show the home, its config file and settings (password and token shown as hidden) and the local server's URL.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--home", description = "Laguna home (env LAGUNA_HOME; default ~/.laguna, or the last local server's home).")
        Path home;

        @Option(names = "--json", description = "Print one JSON object.")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Connection connection = new Connection();
            connection.home = home;
            Path laguna = connection.home(ClientCommand.environment);
            Path file = laguna.resolve("config");
            Properties settings = new ConfigFile(file).read();
            Map<String, String> shown = new LinkedHashMap<>();
            shown.put("home", laguna.toString());
            shown.put("file", file + (Files.exists(file) ? "" : " (none yet)"));
            for (String key : new TreeSet<>(settings.stringPropertyNames())) {
                shown.put(key, SECRETS.contains(key) ? "(hidden)" : settings.getProperty(key));
            }
            Path serverUrl = laguna.resolve("server.url");
            if (Files.isReadable(serverUrl)) {
                try {
                    shown.put("local server", Files.readString(serverUrl).trim());
                } catch (IOException e) {
                    shown.put("local server", "(unreadable: " + e.getMessage() + ")");
                }
            }
            Output out = new Output(spec.commandLine().getOut(), json);
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            shown.forEach(node::put);
            out.object(node);
            return 0;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a setting in <home>/config (mode 0600): url, account, username or vo. An empty VALUE removes it.",
                    "Passwords and tokens are not set here: run 'laguna login'."})
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY", description = "url, account, username or vo.")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE", description = "The value; empty to remove the setting.")
        String value;

        @Mixin
        Connection connection;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (SECRETS.contains(key)) {
                throw new ParameterException(spec.commandLine(), "The " + key + " is not kept in plain text: run 'laguna login', which"
                        + " saves a token");
            }
            if (!SETTABLE.contains(key)) {
                throw new ParameterException(spec.commandLine(), "No setting named '" + key + "'; settings: " + String.join(", ", SETTABLE));
            }
            String stored = value == null || value.isBlank() ? null : value.trim();
            if ("url".equals(key) && stored != null) {
                Connection.checkUrl(stored);
            }
            Path file = connection.home(ClientCommand.environment).resolve("config");
            Map<String, String> change = new LinkedHashMap<>();
            change.put(key, stored);
            new ConfigFile(file).update(change, "Settings of the Laguna command line.");
            spec.commandLine().getOut().println(stored == null ? "Removed " + key + " from " + file : "Set " + key + "=" + stored + " in " + file);
            return 0;
        }
    }
}
