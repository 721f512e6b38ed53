package org.laguna.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.Adler32;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ListableStorage;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.storage.ThirdPartyCopy;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3 through the AWS SDK. A single PUT (or, above {@link #PART_SIZE}, a multipart upload that is
 * completed only when every part is stored and aborted otherwise) makes an object appear whole or
 * not at all. A single PUT also stores the object's adler32 as user metadata ({@code x-amz-meta-adler32}),
 * which {@link #stat} reports.
 *
 * <p>Third-party copy: from an object on the same endpoint (scheme, host, port; any bucket), the
 * store copies server-side, with {@code CopyObject} up to {@link #COPY_OBJECT_LIMIT} and with
 * {@code UploadPartCopy} parts above it; the user metadata (the adler32) goes with the copy.
 */
final class S3Storage implements ListableStorage, SignedUrls, ThirdPartyCopy {
    static final long PART_SIZE = 16L * 1024 * 1024;
    /** The largest object S3 copies in one {@code CopyObject}. */
    static final long COPY_OBJECT_LIMIT = 5L * 1024 * 1024 * 1024;
    /** The largest object S3 takes in one PUT, so through one pre-signed PUT URL. */
    static final long SINGLE_PUT_LIMIT = 5L * 1024 * 1024 * 1024;
    /** S3 allows at most this many parts in a multipart upload. */
    private static final int MAX_PARTS = 10_000;
    static final String ADLER32_METADATA = "adler32";

    private final StorageEndpoint endpoint;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final long copyObjectLimit;
    private final long copyPartSize;

    S3Storage(StorageEndpoint endpoint, Map<String, String> credentials) {
        this(endpoint, credentials, COPY_OBJECT_LIMIT, 512L * 1024 * 1024);
    }

    /**
     * @param copyObjectLimit objects up to this size are copied with one {@code CopyObject}, larger ones in parts
     * @param copyPartSize the size of those parts (grown when the object would need more than 10,000)
     */
    S3Storage(StorageEndpoint endpoint, Map<String, String> credentials, long copyObjectLimit, long copyPartSize) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
        if (copyObjectLimit < 1 || copyPartSize < 1) {
            throw new IllegalArgumentException("copy limit and part size must be positive");
        }
        this.copyObjectLimit = copyObjectLimit;
        this.copyPartSize = copyPartSize;
        boolean insecure = Boolean.parseBoolean(String.valueOf(endpoint.attributes().getOrDefault("insecure", "false")));
        String url = (insecure ? "http://" : "https://") + endpoint.hostname() + (endpoint.port() > 0 ? ":" + endpoint.port() : "");
        AwsCredentialsProvider provider = credentials.get("access_key") == null ? AnonymousCredentialsProvider.create()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(credentials.get("access_key"), credentials.getOrDefault("secret_key", "")));
        this.presigner = S3Presigner.builder()
                .endpointOverride(URI.create(url))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .region(Region.of(credentials.getOrDefault("region", "us-east-1")))
                .credentialsProvider(provider)
                .build();
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(url))
                .forcePathStyle(true)
                .region(Region.of(credentials.getOrDefault("region", "us-east-1")))
                .credentialsProvider(provider)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // Only the checksums an operation requires: the SDK's default CRC32 trailers (aws-chunked uploads) are not
                // understood by every S3 store (older Ceph RGW, MinIO), cost a pass over the bytes on both sides, and Laguna
                // checks adler32 of what it writes itself.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Bucket and key of a PFN {@code s3://host:port/bucket/key}. */
    record Location(String bucket, String key) {
    }

    static Location location(String pfn) {
        int at = pfn == null ? -1 : pfn.indexOf("://");
        if (at < 0 || !(pfn.startsWith("s3://") || pfn.startsWith("s3s://"))) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "Not an S3 PFN: " + pfn);
        }
        String rest = pfn.substring(at + 3);
        int slash = rest.indexOf('/');
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                throw new LagunaException(ErrorCode.INVALID_PATH, "PFN must not contain '..': " + pfn);
            }
        }
        int keyAt = path.indexOf('/');
        if (keyAt <= 0) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "S3 PFN needs a bucket and a key: " + pfn);
        }
        return new Location(path.substring(0, keyAt), path.substring(keyAt + 1));
    }

    private LagunaException failure(String what, String pfn, SdkException e) {
        if (e instanceof S3Exception s3e) {
            int status = s3e.statusCode();
            if (status == 401 || status == 403) {
                return new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, what + " " + pfn + " on " + endpoint.rse() + ": access denied ("
                        + s3e.awsErrorDetails().errorCode() + ")", e);
            }
            if (status == 404) {
                return new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such object on " + endpoint.rse() + ": " + pfn, e);
            }
            return new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, what + " " + pfn + " on " + endpoint.rse() + " answered HTTP " + status, e);
        }
        if (e instanceof SdkClientException) {
            return new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, what + " " + pfn + ": cannot reach " + endpoint.rse() + " ("
                    + e.getMessage() + ")", e);
        }
        return new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, what + " " + pfn + " failed: " + e.getMessage(), e);
    }

    @Override
    public Optional<StoredObject> stat(String pfn) {
        Location at = location(pfn);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(at.bucket()).key(at.key()));
            return Optional.of(new StoredObject(pfn, head.contentLength(), Optional.ofNullable(head.metadata().get(ADLER32_METADATA)),
                    Optional.empty()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("Stat of", pfn, e);
        } catch (SdkException e) {
            throw failure("Stat of", pfn, e);
        }
    }

    @Override
    public InputStream openRead(String pfn, long offset) {
        Location at = location(pfn);
        try {
            return s3.getObject(b -> {
                b.bucket(at.bucket()).key(at.key());
                if (offset > 0) {
                    b.range("bytes=" + offset + "-");
                }
            });
        } catch (SdkException e) {
            throw failure("Read of", pfn, e);
        }
    }

    @Override
    public StoredObject write(String pfn, InputStream content, long size) {
        Location at = location(pfn);
        try {
            if (size <= PART_SIZE) {
                byte[] bytes = content.readNBytes((int) size);
                if (bytes.length != size || content.read() != -1) {
                    throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "The source of " + pfn + " does not have the announced " + size + " bytes");
                }
                Adler32 adler = new Adler32();
                adler.update(bytes);
                String adler32 = String.format(Locale.ROOT, "%08x", adler.getValue());
                s3.putObject(b -> b.bucket(at.bucket()).key(at.key()).contentLength(size).metadata(Map.of(ADLER32_METADATA, adler32)),
                        RequestBody.fromBytes(bytes));
                return new StoredObject(pfn, size, Optional.of(adler32), Optional.empty());
            }
            multipart(at, pfn, content, size);
            return StoredObject.ofSize(pfn, size);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Reading the source of " + pfn + " failed: " + e.getMessage(), e);
        } catch (SdkException e) {
            throw failure("Upload of", pfn, e);
        }
    }

    private void multipart(Location at, String pfn, InputStream content, long size) throws IOException {
        String upload = s3.createMultipartUpload(b -> b.bucket(at.bucket()).key(at.key())).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            int number = 1;
            while (sent < size) {
                byte[] chunk = content.readNBytes((int) Math.min(PART_SIZE, size - sent));
                if (chunk.length == 0) {
                    throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Got " + sent + " of the announced " + size + " bytes for " + pfn);
                }
                int part = number++;
                String etag = s3.uploadPart(b -> b.bucket(at.bucket()).key(at.key()).uploadId(upload).partNumber(part)
                        .contentLength((long) chunk.length), RequestBody.fromBytes(chunk)).eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
                sent += chunk.length;
            }
            if (content.read() != -1) {
                throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "More than the announced " + size + " bytes for " + pfn);
            }
            complete(at, upload, parts);
            completed = true;
        } finally {
            if (!completed) {
                abandon(at, upload);
            }
        }
    }

    @Override
    public boolean canCopyFrom(String sourcePfn) {
        try {
            URI source = new URI(sourcePfn);
            int port = source.getPort() < 0 ? 0 : source.getPort();
            return endpoint.scheme().equalsIgnoreCase(source.getScheme()) && source.getHost() != null
                    && endpoint.hostname().equalsIgnoreCase(source.getHost()) && port == Math.max(endpoint.port(), 0);
        } catch (URISyntaxException | NullPointerException e) {
            return false;
        }
    }

    @Override
    public StoredObject copyFrom(String sourcePfn, String pfn, long size) {
        if (!canCopyFrom(sourcePfn)) {
            throw new LagunaException(ErrorCode.INVALID_PATH, endpoint.rse() + " cannot copy " + sourcePfn + " server-side: not on "
                    + endpoint.scheme() + "://" + endpoint.hostname() + ":" + endpoint.port());
        }
        Location from = location(sourcePfn);
        Location to = location(pfn);
        HeadObjectResponse source;
        try {
            source = s3.headObject(b -> b.bucket(from.bucket()).key(from.key()));
        } catch (SdkException e) {
            throw failure("Copy from", sourcePfn, e);
        }
        if (source.contentLength() != size) {
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "The source " + sourcePfn + " has " + source.contentLength()
                    + " bytes, not the announced " + size);
        }
        try {
            if (size <= copyObjectLimit) {
                s3.copyObject(b -> b.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(source.eTag())
                        .destinationBucket(to.bucket()).destinationKey(to.key()));
            } else {
                multipartCopy(from, to, source, size);
            }
        } catch (SdkException e) {
            throw failure("Copy of " + sourcePfn + " to", pfn, e);
        }
        return new StoredObject(pfn, size, Optional.ofNullable(source.metadata().get(ADLER32_METADATA)), Optional.empty());
    }

    private void multipartCopy(Location from, Location to, HeadObjectResponse source, long size) {
        long partSize = Math.max(copyPartSize, (size + MAX_PARTS - 1) / MAX_PARTS);
        String upload = s3.createMultipartUpload(b -> b.bucket(to.bucket()).key(to.key()).metadata(source.metadata())
                .contentType(source.contentType())).uploadId();
        boolean completed = false;
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long first = 0; first < size; first += partSize) {
                String range = "bytes=" + first + "-" + (Math.min(first + partSize, size) - 1);
                int part = number++;
                String etag = s3.uploadPartCopy(b -> b.sourceBucket(from.bucket()).sourceKey(from.key()).copySourceIfMatch(source.eTag())
                        .copySourceRange(range).destinationBucket(to.bucket()).destinationKey(to.key()).uploadId(upload).partNumber(part))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
            }
            complete(to, upload, parts);
            completed = true;
        } finally {
            if (!completed) {
                abandon(to, upload);
            }
        }
    }

    private void complete(Location at, String upload, List<CompletedPart> parts) {
        s3.completeMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(upload)
                .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
    }

    /** Aborts a multipart upload that did not complete; if even that fails, the store expires it. */
    private void abandon(Location at, String upload) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(at.bucket()).key(at.key()).uploadId(upload));
        } catch (SdkException ignored) {
            // the store expires abandoned uploads
        }
    }

    @Override
    public void delete(String pfn) {
        Location at = location(pfn);
        try {
            s3.deleteObject(b -> b.bucket(at.bucket()).key(at.key()));
        } catch (NoSuchKeyException e) {
            // already gone
        } catch (SdkException e) {
            throw failure("Delete of", pfn, e);
        }
    }

    @Override
    public void list(String pfnPrefix, Consumer<StoredObject> sink) {
        Location at = location(pfnPrefix.endsWith("/") ? pfnPrefix : pfnPrefix + "/");
        String base = pfnPrefix.substring(0, pfnPrefix.indexOf(at.bucket() + "/") + at.bucket().length() + 1);
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(at.bucket()).prefix(at.key())).contents()) {
                sink.accept(object.lastModified() == null ? StoredObject.ofSize(base + object.key(), object.size())
                        : StoredObject.ofSize(base + object.key(), object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("Listing of", pfnPrefix, e);
        }
    }

    @Override
    public URI signedUrl(String pfn, String operation, Duration lifetime) {
        Location at = location(pfn);
        try {
            URL url = switch (operation) {
                case "read" -> presigner.presignGetObject(b -> b.signatureDuration(lifetime)
                        .getObjectRequest(r -> r.bucket(at.bucket()).key(at.key()))).url();
                case "write" -> presigner.presignPutObject(b -> b.signatureDuration(lifetime)
                        .putObjectRequest(r -> r.bucket(at.bucket()).key(at.key()))).url();
                case "delete" -> presigner.presignDeleteObject(b -> b.signatureDuration(lifetime)
                        .deleteObjectRequest(r -> r.bucket(at.bucket()).key(at.key()))).url();
                default -> throw new LagunaException(ErrorCode.VALUE_ERROR,
                        "Parameter \"op\" must be either empty (which defaults to \"read\"), \"read\", \"write\", or \"delete\".");
            };
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Cannot sign " + pfn + ": " + e.getMessage(), e);
        }
    }

    /** A pre-signed PUT is one request: S3 takes at most 5 GiB in it (larger objects need a multipart upload). */
    @Override
    public long maxSignedWriteBytes() {
        return SINGLE_PUT_LIMIT;
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
