package org.laguna.server.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Passes a stream through, refusing (413) as soon as one line is longer than the limit. */
final class LineLimitedInputStream extends FilterInputStream {
    private final long maxLineBytes;
    private long lineBytes;

    LineLimitedInputStream(InputStream in, long maxLineBytes) {
        super(in);
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            count(buffer[offset + i]);
        }
        return n;
    }

    private void count(byte b) {
        if (b == '\n') {
            lineBytes = 0;
        } else if (++lineBytes > maxLineBytes) {
            throw BodyLimits.tooLarge("a line of the request body", "more than " + maxLineBytes + " bytes", maxLineBytes);
        }
    }
}
