package org.laguna.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Adler32;

/** Adler-32 and MD5 of a stream, computed in one pass. */
final class Checksums {
    private final Adler32 adler = new Adler32();
    private final MessageDigest md5;
    private long bytes;

    Checksums() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void update(byte[] buffer, int offset, int length) {
        adler.update(buffer, offset, length);
        md5.update(buffer, offset, length);
        bytes += length;
    }

    long bytes() {
        return bytes;
    }

    String adler32() {
        return String.format("%08x", adler.getValue());
    }

    String md5() {
        return HexFormat.of().formatHex(md5.digest());
    }

    static Checksums of(Path file) throws IOException {
        Checksums checksums = new Checksums();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                checksums.update(buffer, 0, n);
            }
        }
        return checksums;
    }

    /** A stream that feeds everything read through it into checksums. */
    static InputStream tee(InputStream in, Checksums checksums) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    checksums.update(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    checksums.update(buffer, offset, n);
                }
                return n;
            }
        };
    }
}
