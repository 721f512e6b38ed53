package org.laguna.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragePathsTest {
    private final StoragePaths paths = new StoragePaths("file://localhost/data/disk/", "/data/disk");

    @Test
    void pfnsPathsUnderThePrefixAndRelativePathsGiveOneRelativePath() {
        assertThat(paths.relative("file://localhost/data/disk/exp/ab/cd/f")).contains("exp/ab/cd/f");
        assertThat(paths.relative("/data/disk/exp/ab/cd/f")).contains("exp/ab/cd/f");
        assertThat(paths.relative("exp/ab/cd/f")).contains("exp/ab/cd/f");
        assertThat(paths.relative("/exp/ab/cd/f")).contains("exp/ab/cd/f");
    }

    @Test
    void pathsOfOtherStorageOrOutsideTheRseAreLeftOut() {
        assertThat(paths.relative("s3://elsewhere/bucket/f")).isEmpty();
        assertThat(paths.relative("exp/../../../etc/passwd")).isEmpty();
        assertThat(paths.relative("..")).isEmpty();
        assertThat(paths.relative("exp/with\ttab")).isEmpty();
        assertThat(paths.relative("exp/..hidden/f")).contains("exp/..hidden/f");
    }

    @Test
    void linesComeBackSortedAcrossChunksWrittenToDisk(@TempDir Path directory) {
        List<String> lines = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            lines.add("exp/" + Integer.toHexString(random.nextInt()) + "\t" + i);
        }
        List<String> out = new ArrayList<>();
        try (SortedLines sorted = new SortedLines(directory, 1_000)) {
            lines.forEach(sorted::add);
            Iterator<String> it = sorted.sorted();
            it.forEachRemaining(out::add);
        }
        assertThat(out).hasSize(10_000).isSorted().containsExactlyInAnyOrderElementsOf(lines);
        assertThat(directory).isEmptyDirectory();
    }
}
