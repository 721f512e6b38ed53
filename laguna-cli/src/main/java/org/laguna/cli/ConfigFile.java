package org.laguna.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A {@code key=value} file of a Laguna home ({@code config}, {@code last-server}), mode 0600. Updates
 * keep the file's other lines and comments and are written whole through a temporary file.
 */
public record ConfigFile(Path file) {
    /** The settings of the file; none if it does not exist. */
    public Properties read() {
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

    /** Sets the given keys (a null value removes the key), keeping the other lines. */
    public void update(Map<String, String> changes, String headerIfNew) {
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (changes.keySet().stream().noneMatch(key -> key.equals(keyOf(line)))) {
                        lines.add(line);
                    }
                }
            } else {
                lines.add("# " + headerIfNew);
            }
            changes.forEach((key, value) -> {
                if (value != null) {
                    lines.add(key + "=" + escape(value));
                }
            });
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String keyOf(String line) {
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#") || stripped.startsWith("!")) {
            return "";
        }
        Properties one = new Properties();
        try {
            one.load(new StringReader(stripped));
        } catch (IOException | IllegalArgumentException e) {
            return "";
        }
        return one.stringPropertyNames().stream().findFirst().orElse("");
    }

    /** The value as a properties file needs it: backslashes doubled, a leading space kept. */
    private static String escape(String value) {
        String escaped = value.replace("\\", "\\\\").replace("\n", "\\n");
        return escaped.startsWith(" ") ? "\\" + escaped : escaped;
    }
}
