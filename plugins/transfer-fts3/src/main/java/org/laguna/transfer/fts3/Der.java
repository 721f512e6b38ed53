package org.laguna.transfer.fts3;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The few pieces of ASN.1 DER needed to read a certificate request and write a proxy certificate. */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int UTF8_STRING = 0x0c;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;
    static final int SET = 0x31;
    static final int BOOLEAN = 0x01;

    private Der() {
    }

    /** One element: its tag, and where its whole encoding and its content lie in the input. */
    record Element(int tag, byte[] input, int start, int contentStart, int end) {
        byte[] encoded() {
            return Arrays.copyOfRange(input, start, end);
        }

        byte[] content() {
            return Arrays.copyOfRange(input, contentStart, end);
        }

        /** The elements inside a constructed element (a SEQUENCE, a SET, a context tag). */
        List<Element> children() {
            List<Element> children = new ArrayList<>();
            int position = contentStart;
            while (position < end) {
                Element child = read(input, position);
                children.add(child);
                position = child.end();
            }
            return children;
        }
    }

    static Element read(byte[] input) {
        return read(input, 0);
    }

    static Element read(byte[] input, int offset) {
        if (offset + 2 > input.length) {
            throw new IllegalArgumentException("DER element cut short at " + offset);
        }
        int tag = input[offset] & 0xff;
        int first = input[offset + 1] & 0xff;
        int contentStart;
        int length;
        if (first < 0x80) {
            length = first;
            contentStart = offset + 2;
        } else {
            int count = first & 0x7f;
            if (count == 0 || count > 4) {
                throw new IllegalArgumentException("unsupported DER length at " + offset);
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (input[offset + 2 + i] & 0xff);
            }
            contentStart = offset + 2 + count;
        }
        if (length < 0 || contentStart + length > input.length) {
            throw new IllegalArgumentException("DER element longer than its input at " + offset);
        }
        return new Element(tag, input, offset, contentStart, contentStart + length);
    }

    static byte[] element(int tag, byte[]... contents) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] part : contents) {
            content.writeBytes(part);
        }
        byte[] bytes = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        if (bytes.length < 0x80) {
            out.write(bytes.length);
        } else {
            int count = (Integer.SIZE - Integer.numberOfLeadingZeros(bytes.length) + 7) / 8;
            out.write(0x80 | count);
            for (int shift = (count - 1) * 8; shift >= 0; shift -= 8) {
                out.write((bytes.length >>> shift) & 0xff);
            }
        }
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... contents) {
        return element(SEQUENCE, contents);
    }

    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] bool(boolean value) {
        return element(BOOLEAN, new byte[] {(byte) (value ? 0xff : 0x00)});
    }

    static byte[] octetString(byte[] value) {
        return element(OCTET_STRING, value);
    }

    static byte[] bitString(byte[] value) {
        byte[] content = new byte[value.length + 1];
        System.arraycopy(value, 0, content, 1, value.length);
        return element(BIT_STRING, content);
    }

    static byte[] utf8(String value) {
        return element(UTF8_STRING, value.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    /** An object identifier in dotted form, for example {@code 1.3.6.1.5.5.7.1.14}. */
    static byte[] oid(String dotted) {
        String[] parts = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long value = Long.parseLong(parts[i]);
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
            for (int group = groups - 1; group >= 0; group--) {
                int bits = (int) ((value >>> (7 * group)) & 0x7f);
                out.write(group == 0 ? bits : bits | 0x80);
            }
        }
        return element(OBJECT_IDENTIFIER, out.toByteArray());
    }

    /** UTCTime up to 2049, GeneralizedTime after, as RFC 5280 asks. */
    static byte[] time(ZonedDateTime time) {
        ZonedDateTime utc = time.withZoneSameInstant(ZoneOffset.UTC);
        if (utc.getYear() < 2050) {
            return element(UTC_TIME, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
        }
        return element(GENERALIZED_TIME, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(utc).getBytes(StandardCharsets.US_ASCII));
    }

    /** A context-specific constructed tag, {@code [n]}. */
    static byte[] explicit(int number, byte[] content) {
        return element(0xa0 | number, content);
    }
}
