package org.laguna.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A failure nobody planned for is still one line in words, without Java class names. */
class UnexpectedErrorTest {
    @Command(name = "failing")
    static final class Failing implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new UncheckedIOException("Cannot read the listing", new NoSuchFileException("/data/listing.txt"));
        }
    }

    @Test
    void anUnexpectedFailureIsOneLineOfItsMessagesWithoutClassNames() {
        CommandLine commandLine = LagunaCli.commandLine();
        commandLine.addSubcommand("failing", new Failing());
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("failing");

        assertThat(exit).isEqualTo(LagunaCli.EXIT_ERROR);
        assertThat(err.toString()).isEqualTo("laguna: Cannot read the listing: /data/listing.txt\n");
    }
}
