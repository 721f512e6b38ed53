package org.laguna.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Main sources name other classes through imports, not inline as {@code java.util.Random}: a
 * fully-qualified name in code is accepted only where another class of the same simple name is
 * imported or declared in that file. Comments (Javadoc's {@code {@link}} among them) and string
 * literals are not checked.
 */
class ImportedNamesTest {
    /** Files being reworked elsewhere at the time of writing; they follow once that work lands. */
    private static final List<String> NOT_YET_CHECKED = List.of();

    private static final Pattern QUALIFIED =
            Pattern.compile("(?<![\\w.])(?:java|javax|org|com|io|software|jakarta)(?:\\.[a-z0-9_]+)+\\.([A-Z]\\w*)");
    private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+(static\\s+)?([\\w.]+)\\s*;");
    private static final Pattern PACKAGE_OR_IMPORT = Pattern.compile("(?m)^\\s*(?:package|import)\\b[^;]*;");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");

    @Test
    void mainSourcesImportTheClassesTheyName() {
        Path root = projectRoot();
        List<Path> sources = mainSources(root);
        assertThat(sources.stream().map(source -> root.relativize(source).getName(0).toString()).distinct())
                .contains("laguna-spi", "laguna-core", "laguna-client", "laguna-cli", "laguna-server", "plugins", "bench");

        List<String> offences = new ArrayList<>();
        for (Path source : sources) {
            String relative = root.relativize(source).toString().replace('\\', '/');
            if (NOT_YET_CHECKED.stream().anyMatch(relative::startsWith)) {
                continue;
            }
            offences.addAll(qualifiedNames(relative, read(source), sources));
        }
        assertThat(offences).as("fully-qualified class names in code; import them instead").isEmpty();
    }

    @Test
    void theScanSeesNamesInCodeOnly() {
        String source = """
                package org.laguna.example;

                import java.util.List;
                import java.awt.Point;

                /** See {@link java.util.Random}. */
                class Example {
                    // java.util.Random in a comment
                    String text = "java.util.Random in a string // /* " + '"';
                    String block = \"""
                            java.util.Random in a text block
                            \""";
                    List<String> names = new java.util.ArrayList<>();
                    Object point = new org.other.Point();
                    Object example = new org.other.Example();
                }
                """;
        assertThat(qualifiedNames("Example.java", source, List.of()))
                .containsExactly("Example.java:13: java.util.ArrayList");
    }

    /** The inline qualified names of one file, each as {@code file:line: name}. */
    private static List<String> qualifiedNames(String file, String source, List<Path> sources) {
        String code = codeOnly(source);
        Map<String, String> imported = new HashMap<>();
        Matcher imports = IMPORT.matcher(code);
        while (imports.find()) {
            String name = imports.group(2);
            imported.put(name.substring(name.lastIndexOf('.') + 1), name);
        }
        Set<String> declared = new HashSet<>();
        Matcher declarations = DECLARATION.matcher(code);
        while (declarations.find()) {
            declared.add(declarations.group(1));
        }
        Set<String> samePackage = samePackageClasses(file, sources);

        List<String> found = new ArrayList<>();
        String body = blank(code, PACKAGE_OR_IMPORT);
        Matcher qualified = QUALIFIED.matcher(body);
        while (qualified.find()) {
            String name = qualified.group();
            String simple = qualified.group(1);
            String importedAs = imported.get(simple);
            boolean clash = (importedAs != null && !importedAs.equals(name)) || declared.contains(simple)
                    || (samePackage.contains(simple) && !name.equals(packageOf(code) + "." + simple));
            if (!clash) {
                int line = (int) body.substring(0, qualified.start()).chars().filter(c -> c == '\n').count() + 1;
                found.add(file + ":" + line + ": " + name);
            }
        }
        return found;
    }

    private static Set<String> samePackageClasses(String file, List<Path> sources) {
        int slash = file.lastIndexOf('/');
        String directory = file.contains("/src/main/java/") && slash > 0
                ? file.substring(file.indexOf("/src/main/java/") + "/src/main/java/".length(), slash) : null;
        Set<String> names = new HashSet<>();
        for (Path source : sources) {
            String path = source.toString().replace('\\', '/');
            int at = path.indexOf("/src/main/java/");
            String relative = path.substring(at + "/src/main/java/".length());
            int last = relative.lastIndexOf('/');
            if (directory != null && last > 0 && relative.substring(0, last).equals(directory)) {
                names.add(relative.substring(last + 1, relative.length() - ".java".length()));
            }
        }
        return names;
    }

    private static String packageOf(String code) {
        Matcher matcher = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)\\s*;").matcher(code);
        return matcher.find() ? matcher.group(1) : "";
    }

    /**
     * The source with comments and the contents of string, text block and character literals
     * replaced by spaces; line breaks are kept, so positions and line numbers stay the same.
     */
    static String codeOnly(String source) {
        char[] out = source.toCharArray();
        int n = source.length();
        int i = 0;
        while (i < n) {
            int end;
            if (source.startsWith("//", i)) {
                end = source.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(out, i, end);
            } else if (source.startsWith("/*", i)) {
                end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(out, i, end);
            } else if (source.startsWith("\"\"\"", i)) {
                end = i + 3;
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 3);
                blank(out, i + 3, end - 3);
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                char quote = source.charAt(i);
                end = i + 1;
                while (end < n && source.charAt(end) != quote && source.charAt(end) != '\n') {
                    end += source.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(n, end + 1);
                blank(out, i + 1, end - 1);
            } else {
                end = i + 1;
            }
            i = end;
        }
        return new String(out);
    }

    private static void blank(char[] text, int from, int to) {
        for (int k = from; k < to; k++) {
            if (text[k] != '\n') {
                text[k] = ' ';
            }
        }
    }

    private static String blank(String text, Pattern pattern) {
        char[] out = text.toCharArray();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            blank(out, matcher.start(), matcher.end());
        }
        return new String(out);
    }

    private static List<Path> mainSources(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> path.toString().endsWith(".java"))
                    .filter(path -> path.toString().replace('\\', '/').contains("/src/main/java/"))
                    .filter(path -> !path.toString().replace('\\', '/').contains("/target/"))
                    .filter(path -> !path.getFileName().toString().equals("package-info.java"))
                    .filter(path -> !path.getFileName().toString().equals("module-info.java"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The directory of the parent POM: the one holding the {@code laguna} launcher and laguna-spi. */
    private static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("laguna-spi"))) {
                return dir;
            }
        }
        throw new AssertionError("No Laguna project directory above " + here);
    }
}
