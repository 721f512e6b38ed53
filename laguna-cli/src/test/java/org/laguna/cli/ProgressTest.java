package org.laguna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final AtomicLong now = new AtomicLong();

    @Test
    void sizesAreShownInBinaryUnitsWithOneDecimal() {
        assertThat(Progress.size(0)).isEqualTo("0 B");
        assertThat(Progress.size(1023)).isEqualTo("1023 B");
        assertThat(Progress.size(1536)).isEqualTo("1.5 KiB");
        assertThat(Progress.size(12L << 20)).isEqualTo("12.0 MiB");
        assertThat(Progress.size(5L << 40)).isEqualTo("5.0 TiB");
    }

    @Test
    void timeLeftIsMinutesAndSecondsOrHoursAndUnknownWithoutARate() {
        assertThat(Progress.eta(7)).isEqualTo("0:07");
        assertThat(Progress.eta(65.4)).isEqualTo("1:05");
        assertThat(Progress.eta(3 * 3600 + 62)).isEqualTo("3:01:02");
        assertThat(Progress.eta(-1)).isEqualTo("--:--");
        assertThat(Progress.eta(Double.POSITIVE_INFINITY)).isEqualTo("--:--");
    }

    @Test
    void theLineShowsFilesBytesRateAndTimeLeft() throws Exception {
        Progress progress = new Progress("upload", "files", new PrintWriter(new StringWriter()), now::get);
        progress.expect(10, 40L << 20);
        assertThat(progress.line()).isEqualTo("upload  0/10 files  0 B/40.0 MiB  0 B/s  ETA --:--");
        try (InputStream in = progress.counting(new ByteArrayInputStream(new byte[12 << 20]))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        progress.done(3);
        now.set(3_000_000_000L);
        assertThat(progress.line()).isEqualTo("upload  3/10 files  12.0 MiB/40.0 MiB  4.0 MiB/s  ETA 0:07");
    }

    @Test
    void withoutBytesTheRateIsInItemsCountedFromTheFirstLook() {
        Progress progress = new Progress("rule 42", "locks", new PrintWriter(new StringWriter()), now::get);
        progress.set(10, 100);
        assertThat(progress.line()).isEqualTo("rule 42  10/100 locks  0.0 locks/s  ETA --:--");
        now.set(10_000_000_000L);
        progress.set(40, 100);
        assertThat(progress.line()).isEqualTo("rule 42  40/100 locks  3.0 locks/s  ETA 0:20");
    }

    @Test
    void nothingIsWrittenWhenNotOnATerminalOrWithJson() {
        for (boolean[] jsonTerminal : new boolean[][] {{false, false}, {true, true}, {true, false}}) {
            StringWriter err = new StringWriter();
            try (Progress progress = Progress.start("download", "files", new PrintWriter(err), jsonTerminal[0], jsonTerminal[1])) {
                progress.expect(1, 10);
                progress.bytes(10);
                progress.done(1);
                assertThat(progress.visible()).isFalse();
            }
            assertThat(err.toString()).isEmpty();
        }
    }

    @Test
    void onATerminalTheLineIsRedrawnInPlaceAndEndedOnClose() {
        StringWriter err = new StringWriter();
        try (Progress progress = Progress.start("download", "files", new PrintWriter(err), false, true)) {
            progress.expect(2, 0);
            progress.done(2);
        }
        assertThat(err.toString()).startsWith("\rdownload  2/2 files").endsWith("\n");
    }
}
