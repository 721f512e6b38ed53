package org.laguna.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.laguna.core.replica.ReplicaListing;

/**
 * Streams a replica listing as Metalink 4 XML ({@code application/metalink4+xml}), the form Rucio's
 * download client asks for: one {@code <file>} per file with its identity, checksums, size and a
 * {@code <url>} per PFN with the RSE, domain and priority.
 */
public final class MetalinkWriter implements Consumer<ReplicaListing>, AutoCloseable {
    public static final String CONTENT_TYPE = "application/metalink4+xml";

    private final Writer out;
    private boolean started;

    private MetalinkWriter(OutputStream stream) {
        this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    }

    /** True if the request prefers Metalink to NDJSON. */
    public static boolean wanted(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("metalink4+xml")) {
            return false;
        }
        int json = accept.indexOf("x-json-stream");
        return json < 0 || accept.indexOf("metalink4+xml") < json;
    }

    public static void stream(Context ctx, Consumer<Consumer<ReplicaListing>> producer) {
        ctx.contentType(CONTENT_TYPE);
        try (MetalinkWriter writer = new MetalinkWriter(ctx.outputStream())) {
            producer.accept(writer);
        }
    }

    @Override
    public void accept(ReplicaListing file) {
        try {
            header();
            String did = xml(file.scope() + ":" + file.name());
            out.write(" <file name=\"" + xml(file.name()) + "\">\n");
            out.write("  <identity>" + did + "</identity>\n");
            if (file.adler32() != null) {
                out.write("  <hash type=\"adler32\">" + xml(file.adler32()) + "</hash>\n");
            }
            if (file.md5() != null) {
                out.write("  <hash type=\"md5\">" + xml(file.md5()) + "</hash>\n");
            }
            out.write("  <size>" + file.bytes() + "</size>\n");
            out.write("  <glfn name=\"/laguna/rucio/" + did + "\"></glfn>\n");
            for (ReplicaListing.Pfn pfn : file.pfns()) {
                out.write("  <url location=\"" + xml(pfn.rse()) + "\" domain=\"" + pfn.domain()
                        + "\" priority=\"" + pfn.priority() + "\" client_extract=\"" + pfn.clientExtract() + "\">" + xml(pfn.url()) + "</url>\n");
            }
            out.write(" </file>\n");
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    private void header() throws IOException {
        if (!started) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metalink xmlns=\"urn:ietf:params:xml:ns:metalink\">\n");
            started = true;
        }
    }

    @Override
    public void close() {
        try {
            header();
            out.write("</metalink>\n");
            out.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    static String xml(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
