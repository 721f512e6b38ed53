package org.laguna.transfer.fts3;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.laguna.spi.transfer.TransferJob;

/**
 * Writes a {@link TransferJob} as the body of FTS3's {@code POST /jobs}: {@code files} (one entry
 * per file, with its sources, destination, size, checksum, activity and a {@code metadata} that
 * carries the request id) and {@code params} for the whole job.
 *
 * <p>FTS3 accepts several sources for a file only in a job of one file that is not a multi-hop
 * job ("multiple replica job"); elsewhere each file goes with its best source only.
 *
 * <p>A source or destination on a storage reached only with the server's keys (S3) goes as the pre-signed HTTPS URL
 * the server made for it (GET, or PUT for the destination), never as its {@code s3://} PFN: FTS3 then copies with
 * plain HTTP and never holds a key. Tokens of token-protected storage go per file in {@code source_tokens} and
 * {@code destination_tokens}.
 */
final class Fts3Submission {
    static final String ISSUER = "laguna";

    private Fts3Submission() {
    }

    static ObjectNode body(TransferJob job, Fts3Config config, ObjectMapper json) {
        ObjectNode body = json.createObjectNode();
        boolean alternativesAllowed = job.files().size() == 1 && !job.multihop();
        ArrayNode files = body.putArray("files");
        for (TransferFile file : job.files()) {
            files.add(file(file, job, alternativesAllowed, config, json));
        }
        ObjectNode params = body.putObject("params");
        params.put("verify_checksum", job.verifyChecksum() ? "both" : "none");
        params.put("overwrite", job.overwrite());
        params.put("priority", Math.max(1, Math.min(5, job.priority())));
        params.put("multihop", job.multihop());
        config.retry().ifPresent(retry -> params.put("retry", retry));
        config.retryDelay().ifPresent(delay -> params.put("retry_delay", delay));
        ObjectNode metadata = params.putObject("job_metadata");
        metadata.put("issuer", ISSUER);
        metadata.put("multihop", job.multihop());
        metadata.put("multi_sources", alternativesAllowed && job.files().get(0).sources().size() > 1);
        return body;
    }

    private static ObjectNode file(TransferFile file, TransferJob job, boolean alternativesAllowed, Fts3Config config, ObjectMapper json) {
        ObjectNode entry = json.createObjectNode();
        List<TransferEndpoint> sources = alternativesAllowed ? file.sources() : file.sources().subList(0, 1);
        ArrayNode sourceUrls = entry.putArray("sources");
        sources.forEach(source -> sourceUrls.add(source.url()));
        entry.putArray("destinations").add(file.destination().url());
        if (sources.stream().allMatch(source -> source.token().isPresent())) {
            ArrayNode sourceTokens = entry.putArray("source_tokens");
            sources.forEach(source -> sourceTokens.add(source.token().orElseThrow()));
        }
        file.destination().token().ifPresent(token -> entry.putArray("destination_tokens").add(token));
        entry.put("filesize", file.bytes());
        String checksum = checksum(file);
        if (checksum != null) {
            entry.put("checksum", checksum);
        }
        entry.put("activity", job.activity().isEmpty() ? "default" : job.activity());
        if (sources.size() > 1) {
            entry.put("selection_strategy", config.sourceStrategy());
        }
        ObjectNode metadata = entry.putObject("metadata");
        metadata.put("request_id", file.requestId());
        ArrayNode sourceRses = metadata.putArray("src_rses");
        sources.forEach(source -> sourceRses.add(source.rse()));
        metadata.put("src_rse", sources.get(0).rse());
        metadata.put("dst_rse", file.destination().rse());
        metadata.put("filesize", file.bytes());
        if (file.adler32() != null) {
            metadata.put("adler32", file.adler32());
        }
        if (file.md5() != null) {
            metadata.put("md5", file.md5());
        }
        return entry;
    }

    /** {@code adler32:0000abcd} (eight lower-case hex digits), else {@code md5:...}, else none. */
    static String checksum(TransferFile file) {
        if (file.adler32() != null && !file.adler32().isBlank()) {
            String hex = file.adler32().strip().toLowerCase(Locale.ROOT);
            return "adler32:" + "0".repeat(Math.max(0, 8 - hex.length())) + hex;
        }
        if (file.md5() != null && !file.md5().isBlank()) {
            return "md5:" + file.md5().strip().toLowerCase(Locale.ROOT);
        }
        return null;
    }
}
