package org.laguna.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;

/**
 * Storage reached through URLs the server signs for each operation: the command line never holds
 * the storage's credentials. Used for object stores (S3).
 */
final class SignedUrlStorage implements StorageProtocol {
    private static final long LIFETIME_SECONDS = 3600;

    private final LagunaClient client;
    private final String rse;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SignedUrlStorage(LagunaClient client, String rse) {
        this.client = Objects.requireNonNull(client, "client is null");
        this.rse = Objects.requireNonNull(rse, "rse is null");
    }

    private URI signed(String pfn, String operation) {
        return URI.create(client.signUrl(rse, pfn, operation, LIFETIME_SECONDS));
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String pfn) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Transfer of " + pfn + " on " + rse + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Interrupted while talking to " + rse);
        }
    }

    private LagunaException failure(String what, String pfn, int status) {
        return switch (status) {
            case 401, 403 -> new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, what + " " + pfn + " on " + rse + ": access denied (HTTP " + status + ")");
            case 404 -> new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such object on " + rse + ": " + pfn);
            default -> new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, what + " " + pfn + " on " + rse + " answered HTTP " + status);
        };
    }

    @Override
    public Optional<StoredObject> stat(String pfn) {
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(signed(pfn, "read")).header("Range", "bytes=0-0").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray(), pfn);
        return switch (response.statusCode()) {
            case 404 -> Optional.empty();
            case 416 -> Optional.of(StoredObject.ofSize(pfn, 0));
            case 200 -> Optional.of(StoredObject.ofSize(pfn, response.body().length));
            case 206 -> Optional.of(StoredObject.ofSize(pfn, response.headers().firstValue("Content-Range")
                    .map(range -> Long.parseLong(range.substring(range.lastIndexOf('/') + 1).trim())).orElse(0L)));
            default -> throw failure("Stat of", pfn, response.statusCode());
        };
    }

    @Override
    public InputStream openRead(String pfn, long offset) {
        HttpRequest.Builder request = HttpRequest.newBuilder(signed(pfn, "read")).GET();
        if (offset > 0) {
            request.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = send(request.build(), HttpResponse.BodyHandlers.ofInputStream(), pfn);
        if (response.statusCode() / 100 != 2) {
            try (InputStream ignored = response.body()) {
                throw failure("Read of", pfn, response.statusCode());
            } catch (IOException e) {
                throw failure("Read of", pfn, response.statusCode());
            }
        }
        return response.body();
    }

    @Override
    public StoredObject write(String pfn, InputStream content, long size) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(signed(pfn, "write"))
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> content), size)).build(),
                HttpResponse.BodyHandlers.ofString(), pfn);
        if (response.statusCode() / 100 != 2) {
            throw failure("Upload of", pfn, response.statusCode());
        }
        return StoredObject.ofSize(pfn, size);
    }

    @Override
    public void delete(String pfn) {
        HttpResponse<Void> response = send(HttpRequest.newBuilder(signed(pfn, "delete")).DELETE().build(),
                HttpResponse.BodyHandlers.discarding(), pfn);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw failure("Delete of", pfn, response.statusCode());
        }
    }
}
