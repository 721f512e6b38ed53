package org.laguna.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The files an upload sends and the DID name of each. A file given by itself is named by its file
 * name; a file found in a directory is named by its path relative to that directory, with
 * {@code /} between the parts, so {@code data/x/same.txt} and {@code data/y/same.txt} become
 * {@code x/same.txt} and {@code y/same.txt}. Two files that would still get the same name are
 * refused before anything is sent, both named.
 */
final class LocalFiles {
    /** One file to upload and its DID name. */
    record LocalFile(Path path, String name) {
    }

    private LocalFiles() {
    }

    /** The files under the given paths, in a stable order; {@code name}, when given, names the one file. */
    static List<LocalFile> collect(List<Path> paths, String name) {
        Map<String, LocalFile> byName = new LinkedHashMap<>();
        for (Path path : paths) {
            for (LocalFile file : under(path)) {
                LocalFile earlier = byName.putIfAbsent(file.name(), file);
                if (earlier != null) {
                    throw new IllegalArgumentException("Two files would get the same name '" + file.name() + "': "
                            + earlier.path() + " and " + file.path() + "; upload them in separate runs or under different scopes");
                }
            }
        }
        List<LocalFile> files = new ArrayList<>(byName.values());
        if (name != null) {
            if (files.size() != 1) {
                throw new IllegalArgumentException("--name needs exactly one file, got " + files.size());
            }
            return List.of(new LocalFile(files.getFirst().path(), name));
        }
        return files;
    }

    private static List<LocalFile> under(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(new LocalFile(path, path.getFileName().toString()));
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("No such file or directory: " + path);
        }
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).sorted()
                    .map(file -> new LocalFile(file, relativeName(path, file))).toList();
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot list " + path + ": " + e.getMessage());
        }
    }

    private static String relativeName(Path directory, Path file) {
        Path relative = directory.relativize(file);
        List<String> parts = new ArrayList<>();
        relative.forEach(part -> parts.add(part.toString()));
        return String.join("/", parts);
    }
}
