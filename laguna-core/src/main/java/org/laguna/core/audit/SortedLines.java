package org.laguna.core.audit;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Lines sorted in bounded memory: they are added in any order, sorted in chunks of
 * {@code chunkLines} that go to temporary files, then read back merged in order. Memory holds one
 * chunk while adding and one line per chunk while reading. Lines must not contain line breaks.
 */
final class SortedLines implements AutoCloseable {
    private final Path directory;
    private final int chunkLines;
    private final List<String> buffer = new ArrayList<>();
    private final List<Path> chunks = new ArrayList<>();
    private final List<BufferedReader> readers = new ArrayList<>();
    private long count;

    SortedLines(Path directory, int chunkLines) {
        if (chunkLines < 1) {
            throw new IllegalArgumentException("chunkLines must be positive, got " + chunkLines);
        }
        this.directory = directory;
        this.chunkLines = chunkLines;
    }

    void add(String line) {
        buffer.add(line);
        count++;
        if (buffer.size() >= chunkLines) {
            spill();
        }
    }

    long count() {
        return count;
    }

    private void spill() {
        Collections.sort(buffer);
        try {
            Path chunk = Files.createTempFile(directory, "laguna-check-", ".txt");
            chunks.add(chunk);
            try (BufferedWriter out = Files.newBufferedWriter(chunk, StandardCharsets.UTF_8)) {
                for (String line : buffer) {
                    out.write(line);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write a sort chunk under " + directory, e);
        }
        buffer.clear();
    }

    /** The lines in order; call once, after the last {@link #add}. */
    Iterator<String> sorted() {
        if (chunks.isEmpty()) {
            Collections.sort(buffer);
            return List.copyOf(buffer).iterator();
        }
        if (!buffer.isEmpty()) {
            spill();
        }
        record Head(String line, BufferedReader reader) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> a.line().compareTo(b.line()));
        try {
            for (Path chunk : chunks) {
                BufferedReader reader = Files.newBufferedReader(chunk, StandardCharsets.UTF_8);
                readers.add(reader);
                String first = reader.readLine();
                if (first != null) {
                    heads.add(new Head(first, reader));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return !heads.isEmpty();
            }

            @Override
            public String next() {
                Head head = heads.poll();
                if (head == null) {
                    throw new NoSuchElementException();
                }
                try {
                    String following = head.reader().readLine();
                    if (following != null) {
                        heads.add(new Head(following, head.reader()));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return head.line();
            }
        };
    }

    @Override
    public void close() {
        for (BufferedReader reader : readers) {
            try {
                reader.close();
            } catch (IOException e) {
                // a temporary file: nothing to lose
            }
        }
        for (Path chunk : chunks) {
            try {
                Files.deleteIfExists(chunk);
            } catch (IOException e) {
                // left in the temporary directory
            }
        }
        buffer.clear();
    }
}
