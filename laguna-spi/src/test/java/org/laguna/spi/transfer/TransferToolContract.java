package org.laguna.spi.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.laguna.spi.transfer.FileStatus.FileState;

/**
 * The behaviour every transfer tool shares, run by each tool's test against storages it can
 * reach. A subclass gives the tool, a way to put a file on a source storage and to read one back
 * from a destination storage.
 */
public abstract class TransferToolContract {
    /** The tool under test. */
    protected abstract TransferTool tool();

    /** Stores bytes on a source storage under the given name and returns where they are. */
    protected abstract TransferEndpoint source(String name, byte[] content);

    /** A source endpoint whose file does not exist. */
    protected abstract TransferEndpoint missingSource(String name);

    /** A place on a destination storage where nothing is yet. */
    protected abstract TransferEndpoint destination(String name);

    /** The bytes at a destination, if there are any. */
    protected abstract Optional<byte[]> read(TransferEndpoint destination);

    /** How long a small job may take. */
    protected Duration patience() {
        return Duration.ofSeconds(60);
    }

    private static String adler32(byte[] bytes) {
        Adler32 adler = new Adler32();
        adler.update(bytes);
        return String.format(Locale.ROOT, "%08x", adler.getValue());
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static TransferJob job(TransferFile... files) {
        return new TransferJob(List.of(files), "contract", 3, false, true, true);
    }

    private JobStatus await(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + patience().toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = tool().query(List.of(jobId)).get(jobId);
            assertThat(status).as("the tool knows job " + jobId).isNotNull();
            if (status.state().terminal()) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " did not end within " + patience());
    }

    @Test
    void aSubmittedFileArrivesWithItsBytesAndIsReportedDoneUnderItsRequestId() throws Exception {
        byte[] content = "bytes to move".getBytes(StandardCharsets.UTF_8);
        String name = unique("moved");
        TransferEndpoint to = destination(name);
        String jobId = tool().submit(job(new TransferFile("request-1", List.of(source(name, content)), to, content.length,
                adler32(content), null)));
        assertThat(jobId).isNotBlank();
        JobStatus done = await(jobId);
        assertThat(done.jobId()).isEqualTo(jobId);
        assertThat(done.state()).isEqualTo(JobStatus.JobState.FINISHED);
        assertThat(done.files().get("request-1").state()).isEqualTo(FileState.DONE);
        assertThat(read(to)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
    }

    @Test
    void aMissingSourceFailsTheFileWithAReasonAndTheNextSourceIsUsed() throws Exception {
        byte[] content = "second source".getBytes(StandardCharsets.UTF_8);
        String name = unique("fallback");
        TransferEndpoint to = destination(name);
        JobStatus failed = await(tool().submit(job(new TransferFile("alone", List.of(missingSource(name)), destination(unique("none")),
                content.length, adler32(content), null))));
        assertThat(failed.files().get("alone").state()).isEqualTo(FileState.FAILED);
        assertThat(failed.files().get("alone").reason()).isNotBlank();
        JobStatus done = await(tool().submit(job(new TransferFile("two", List.of(missingSource(name), source(name, content)), to,
                content.length, adler32(content), null))));
        assertThat(done.files().get("two").state()).isEqualTo(FileState.DONE);
        assertThat(read(to)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(content));
    }

    @Test
    void bytesWhoseChecksumDiffersFromTheFilesFailAndLeaveNothingAtTheDestination() throws Exception {
        byte[] content = "not what was announced".getBytes(StandardCharsets.UTF_8);
        String name = unique("mismatch");
        TransferEndpoint to = destination(name);
        JobStatus failed = await(tool().submit(job(new TransferFile("bad", List.of(source(name, content)), to, content.length,
                "00000001", null))));
        assertThat(failed.files().get("bad").state()).isEqualTo(FileState.FAILED);
        assertThat(read(to)).isEmpty();
    }

    @Test
    void jobsTheToolNeverGaveAreAbsentFromQueries() {
        assertThat(tool().query(List.of("no-such-job-" + UUID.randomUUID()))).isEmpty();
    }
}
