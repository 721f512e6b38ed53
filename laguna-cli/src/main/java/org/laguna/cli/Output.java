package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** Prints answers: aligned tables for people, JSON (one value per line for lists) for scripts. */
public final class Output {
    private static final int TABLE_BATCH = 1_000;

    private final PrintWriter out;
    private final boolean json;

    public Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    public boolean json() {
        return json;
    }

    public void line(String text) {
        out.println(text);
        out.flush();
    }

    /**
     * The outcome of a command that changes something: the sentence for people, or one JSON object
     * of {@code "result"} (what was done, e.g. "added") and the given key/value pairs for scripts.
     */
    public void done(String text, String result, Object... keyValues) {
        if (!json) {
            line(text);
            return;
        }
        ObjectNode node = CliJson.newObject();
        node.put("result", result);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            node.set(String.valueOf(keyValues[i]), CliJson.tree(keyValues[i + 1]));
        }
        object(node);
    }

    /** A single answer: JSON as is, or key/value lines. */
    public void object(JsonNode node) {
        if (json) {
            out.println(node == null ? "null" : node.toString());
        } else if (node != null && node.isObject()) {
            List<String[]> rows = new ArrayList<>();
            node.fields().forEachRemaining(e -> rows.add(new String[] {e.getKey(), text(e.getValue())}));
            print(new String[] {"key", "value"}, rows, false);
        } else if (node != null) {
            out.println(text(node));
        }
        out.flush();
    }

    /** A list: NDJSON, or a table of the given columns (printed in batches so a long list streams). */
    public void table(Stream<JsonNode> rows, String... columns) {
        try (rows) {
            Iterator<JsonNode> it = rows.iterator();
            if (json) {
                while (it.hasNext()) {
                    out.println(it.next().toString());
                }
                out.flush();
                return;
            }
            boolean header = true;
            List<String[]> batch = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode row = it.next();
                String[] cells = new String[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    cells[i] = row.isObject() ? text(row.at(columns[i].startsWith("/") ? columns[i] : "/" + columns[i])) : text(row);
                }
                batch.add(cells);
                if (batch.size() == TABLE_BATCH) {
                    print(headers(columns), batch, header);
                    header = false;
                    batch.clear();
                }
            }
            if (!batch.isEmpty() || header) {
                print(headers(columns), batch, header);
            }
            out.flush();
        }
    }

    private static String[] headers(String[] columns) {
        String[] headers = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            headers[i] = columns[i].replaceFirst("^/", "").toUpperCase(Locale.ROOT);
        }
        return headers;
    }

    private void print(String[] headers, List<String[]> rows, boolean withHeader) {
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = withHeader ? headers[i].length() : 0;
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        if (withHeader) {
            out.println(format(headers, widths));
        }
        for (String[] row : rows) {
            out.println(format(row, widths));
        }
    }

    private static String format(String[] cells, int[] widths) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                sb.append("  ");
            }
            sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + Math.max(1, widths[i]) + "s", cells[i]));
        }
        return sb.toString().stripTrailing();
    }

    static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "";
        }
        if (node.isValueNode()) {
            return node.asText();
        }
        return node.toString();
    }
}
