package org.laguna.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
    @TempDir
    Path work;

    private Path file(String relative) throws Exception {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative);
        return file;
    }

    @Test
    void filesInADirectoryAreNamedByTheirPathInsideIt() throws Exception {
        file("data/x/same.txt");
        file("data/y/same.txt");
        file("data/top.txt");
        Path single = file("alone.txt");
        assertThat(LocalFiles.collect(List.of(work.resolve("data"), single), null)).extracting(LocalFiles.LocalFile::name)
                .containsExactly("top.txt", "x/same.txt", "y/same.txt", "alone.txt");
    }

    @Test
    void twoFilesWithTheSameNameAreRefusedWithBothPaths() throws Exception {
        Path one = file("a/dup.txt");
        Path two = file("b/dup.txt");
        assertThatThrownBy(() -> LocalFiles.collect(List.of(one, two), null))
                .hasMessageContaining("same name 'dup.txt'").hasMessageContaining(one.toString()).hasMessageContaining(two.toString());
    }

    @Test
    void aGivenNameNeedsExactlyOneFile() throws Exception {
        Path one = file("one.txt");
        assertThat(LocalFiles.collect(List.of(one), "renamed").getFirst().name()).isEqualTo("renamed");
        Path two = file("two.txt");
        assertThatThrownBy(() -> LocalFiles.collect(List.of(one, two), "renamed")).hasMessageContaining("exactly one file");
        assertThatThrownBy(() -> LocalFiles.collect(List.of(work.resolve("missing")), null)).hasMessageContaining("No such file");
    }
}
