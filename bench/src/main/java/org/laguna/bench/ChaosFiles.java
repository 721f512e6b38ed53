package org.laguna.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.laguna.spi.storage.StorageProtocol;

/**
 * The files of one chaos part: {@code count} files of random content named {@code f0 ..} under a
 * prefix, their import manifest, and a check of a copy of them on storage by size and adler32.
 */
final class ChaosFiles {
    private final int count;
    private final int size;
    private final long[] adler32;

    private ChaosFiles(int count, int size) {
        this.count = count;
        this.size = size;
        this.adler32 = new long[count];
    }

    /** Writes the files under {@code root/prefix} and remembers their checksums. */
    static ChaosFiles write(Path root, String prefix, int count, int size) throws IOException {
        ChaosFiles files = new ChaosFiles(count, size);
        Random random = new Random(count * 31L + size);
        byte[] content = new byte[size];
        Files.createDirectories(root.resolve(prefix));
        for (int i = 0; i < count; i++) {
            random.nextBytes(content);
            Files.write(root.resolve(prefix).resolve("f" + i), content);
            Adler32 adler = new Adler32();
            adler.update(content);
            files.adler32[i] = adler.getValue();
        }
        return files;
    }

    int count() {
        return count;
    }

    /** The import manifest (NDJSON) of the files in {@code scope}, as {@code prefix/f<i>} at path {@code prefix/f<i>}. */
    String manifest(String scope, String prefix) {
        StringBuilder manifest = new StringBuilder(count * 110);
        for (int i = 0; i < count; i++) {
            String name = prefix + "/f" + i;
            manifest.append("{\"scope\":\"").append(scope).append("\",\"name\":\"").append(name).append("\",\"bytes\":").append(size)
                    .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", adler32[i])).append("\",\"path\":\"")
                    .append(name).append("\"}\n");
        }
        return manifest.toString();
    }

    /**
     * What a copy of the files under {@code root} holds: files missing or with the wrong size or adler32, files
     * present more than once (two paths for one file), and hidden part files of interrupted copies.
     */
    record Check(long missing, long wrong, long duplicated, long partFiles, long foreign) {
        boolean intact() {
            return missing == 0 && wrong == 0 && duplicated == 0;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%d missing, %d wrong size or checksum, %d duplicated, %d part files, %d unknown",
                    missing, wrong, duplicated, partFiles, foreign);
        }
    }

    /** Looks for every file by name ({@code f<i>}) anywhere under {@code root}, whatever the RSE's path layout. */
    Check check(Path root) throws IOException {
        int[] seen = new int[count];
        long wrong = 0;
        long parts = 0;
        long foreign = 0;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".")) {
                    parts += name.endsWith(StorageProtocol.PART_SUFFIX) ? 1 : 0;
                    continue;
                }
                int index = index(name);
                if (index < 0) {
                    foreign++;
                    continue;
                }
                seen[index]++;
                if (!matches(file, index)) {
                    wrong++;
                }
            }
        }
        long missing = 0;
        long duplicated = 0;
        for (int s : seen) {
            missing += s == 0 ? 1 : 0;
            duplicated += Math.max(0, s - 1);
        }
        return new Check(missing, wrong, duplicated, parts, foreign);
    }

    private int index(String name) {
        if (!name.matches("f\\d{1,9}")) {
            return -1;
        }
        int index = Integer.parseInt(name.substring(1));
        return index < count ? index : -1;
    }

    private boolean matches(Path file, int index) throws IOException {
        byte[] content = Files.readAllBytes(file);
        if (content.length != size) {
            return false;
        }
        Adler32 adler = new Adler32();
        adler.update(content);
        return adler.getValue() == adler32[index];
    }
}
