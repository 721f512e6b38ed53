package org.laguna.storage.webdav;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.xml.parsers.DocumentBuilderFactory;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ListableStorage;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageTokens;
import org.laguna.spi.storage.StorageTokens.Access;
import org.laguna.spi.storage.StoredObject;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * WebDAV over the JDK's HTTP client. Writes PUT to a hidden temporary name in the target collection
 * and MOVE it into place once the server holds every byte, so a broken upload never shows under
 * the final name. Listings walk collections with PROPFIND (depth 1).
 *
 * <p>On a token-protected endpoint every request carries a bearer token asked for its operation and path: reads,
 * stats and listings {@code storage.read} on the object or collection; a write {@code storage.create} on the
 * object's collection (the upload goes to a hidden part file next to the object, then moves onto it, and missing
 * parent collections are made); a delete {@code storage.modify} on the object.
 */
final class WebDavStorage implements ListableStorage {

    private final StorageEndpoint endpoint;
    private final Optional<String> authorization;
    private final Optional<StorageTokens> tokens;
    private final HttpClient http;

    WebDavStorage(StorageEndpoint endpoint, Map<String, String> credentials, Optional<StorageTokens> tokens) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
        this.authorization = authorization(credentials);
        this.tokens = Objects.requireNonNull(tokens, "tokens is null");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    private static Optional<String> authorization(Map<String, String> credentials) {
        if (credentials.get("token") != null) {
            return Optional.of("Bearer " + credentials.get("token"));
        }
        if (credentials.get("username") != null) {
            String pair = credentials.get("username") + ":" + credentials.getOrDefault("password", "");
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }

    /** The HTTP URL of a PFN: davs becomes https, dav becomes http. */
    URI uri(String pfn) {
        int at = pfn == null ? -1 : pfn.indexOf("://");
        if (at < 0) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "Not a WebDAV PFN: " + pfn);
        }
        String scheme = switch (pfn.substring(0, at)) {
            case "davs", "https" -> "https";
            case "dav", "http" -> "http";
            default -> throw new LagunaException(ErrorCode.INVALID_PATH, "Not a WebDAV PFN: " + pfn);
        };
        String rest = pfn.substring(at + 3);
        for (String segment : rest.split("/")) {
            if (segment.equals("..")) {
                throw new LagunaException(ErrorCode.INVALID_PATH, "PFN must not contain '..': " + pfn);
            }
        }
        try {
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "/" : rest.substring(slash);
            return new URI(scheme, authority, path, null, null);
        } catch (URISyntaxException e) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "Bad PFN " + pfn + ": " + e.getMessage());
        }
    }

    /** A request to the URI, authorized for the access to the path of {@code scopePfn} (when the endpoint takes tokens). */
    private HttpRequest.Builder request(URI uri, String scopePfn, Access access) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofHours(1));
        if (tokens.isPresent()) {
            builder.header("Authorization", "Bearer " + tokens.get().bearer(scopePfn, Set.of(access)));
        } else {
            authorization.ifPresent(a -> builder.header("Authorization", a));
        }
        return builder;
    }

    /** The PFN of the collection an object is in (without the trailing slash). */
    private static String collectionOf(String pfn) {
        int slash = pfn.lastIndexOf('/');
        return slash > pfn.indexOf("://") + 2 ? pfn.substring(0, slash) : pfn;
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String pfn) {
        try {
            return http.send(request, handler);
        } catch (ConnectException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Cannot connect to " + endpoint.rse() + " at " + request.uri(), e);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Transfer of " + pfn + " on " + endpoint.rse() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Interrupted while talking to " + endpoint.rse());
        }
    }

    private LagunaException failure(String what, String pfn, int status) {
        return switch (status) {
            case 401, 403 -> new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, what + " " + pfn + " on " + endpoint.rse() + ": access denied (HTTP " + status + ")");
            case 404 -> new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such object on " + endpoint.rse() + ": " + pfn);
            case 507 -> new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, what + " " + pfn + ": the storage " + endpoint.rse() + " is full (HTTP 507)");
            default -> new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, what + " " + pfn + " on " + endpoint.rse() + " answered HTTP " + status);
        };
    }

    @Override
    public Optional<StoredObject> stat(String pfn) {
        HttpResponse<Void> response = send(request(uri(pfn), pfn, Access.READ).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding(), pfn);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() / 100 != 2) {
            throw failure("Stat of", pfn, response.statusCode());
        }
        return Optional.of(StoredObject.ofSize(pfn, response.headers().firstValueAsLong("Content-Length").orElse(0)));
    }

    @Override
    public InputStream openRead(String pfn, long offset) {
        HttpRequest.Builder builder = request(uri(pfn), pfn, Access.READ).GET();
        if (offset > 0) {
            builder.header("Range", "bytes=" + offset + "-");
        }
        HttpResponse<InputStream> response = send(builder.build(), HttpResponse.BodyHandlers.ofInputStream(), pfn);
        if (response.statusCode() / 100 != 2) {
            try (InputStream ignored = response.body()) {
                throw failure("Read of", pfn, response.statusCode());
            } catch (IOException e) {
                throw failure("Read of", pfn, response.statusCode());
            }
        }
        if (offset > 0 && response.statusCode() != 206) {
            try {
                InputStream in = response.body();
                in.skipNBytes(offset);
                return in;
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Cannot skip to " + offset + " in " + pfn + ": " + e.getMessage(), e);
            }
        }
        return response.body();
    }

    @Override
    public StoredObject write(String pfn, InputStream content, long size) {
        URI target = uri(pfn);
        String path = target.getRawPath();
        String directory = path.substring(0, path.lastIndexOf('/') + 1);
        String file = path.substring(path.lastIndexOf('/') + 1);
        URI part = target.resolve(directory + "." + file + "." + UUID.randomUUID() + PART_SUFFIX);
        String collection = collectionOf(pfn);
        makeCollections(target, directory, pfn);
        boolean moved = false;
        try {
            CountingStream counted = new CountingStream(content, size, pfn);
            HttpResponse<Void> put = send(request(part, collection, Access.CREATE)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> counted), size)).build(),
                    HttpResponse.BodyHandlers.discarding(), pfn);
            counted.checkComplete();
            if (put.statusCode() / 100 != 2) {
                throw failure("Upload of", pfn, put.statusCode());
            }
            HttpResponse<Void> move = send(request(part, collection, Access.CREATE).method("MOVE", HttpRequest.BodyPublishers.noBody())
                    .header("Destination", target.toString()).header("Overwrite", "T").build(), HttpResponse.BodyHandlers.discarding(), pfn);
            if (move.statusCode() / 100 != 2) {
                throw failure("Moving into place of", pfn, move.statusCode());
            }
            moved = true;
            return StoredObject.ofSize(pfn, size);
        } finally {
            if (!moved) {
                try {
                    http.send(request(part, collection + part.getRawPath().substring(part.getRawPath().lastIndexOf('/')), Access.MODIFY)
                            .DELETE().build(), HttpResponse.BodyHandlers.discarding());
                } catch (IOException | InterruptedException | LagunaException ignored) {
                    // the part is hidden and ignored by listings
                }
            }
        }
    }

    /** Makes the missing collections of a path below the endpoint's prefix (which exists, and may be all a token allows). */
    private void makeCollections(URI target, String directory, String pfn) {
        String prefix = endpoint.prefix().startsWith("/") ? endpoint.prefix() : "/" + endpoint.prefix();
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        StringBuilder path = new StringBuilder("/");
        for (String segment : directory.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            path.append(segment).append('/');
            if (base.startsWith(path.toString())) {
                continue;
            }
            HttpResponse<Void> response = send(request(target.resolve(path.toString()), collectionOf(pfn), Access.CREATE).method("MKCOL", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding(), pfn);
            int status = response.statusCode();
            if (status != 201 && status != 405 && status != 409 && status / 100 != 2 && status != 301) {
                throw failure("Creating the collection for", pfn, status);
            }
        }
    }

    @Override
    public void delete(String pfn) {
        HttpResponse<Void> response = send(request(uri(pfn), pfn, Access.MODIFY).DELETE().build(), HttpResponse.BodyHandlers.discarding(), pfn);
        if (response.statusCode() / 100 != 2 && response.statusCode() != 404) {
            throw failure("Delete of", pfn, response.statusCode());
        }
    }

    @Override
    public void list(String pfnPrefix, Consumer<StoredObject> sink) {
        URI start = uri(pfnPrefix.endsWith("/") ? pfnPrefix : pfnPrefix + "/");
        String pfnBase = pfnPrefix.substring(0, pfnPrefix.indexOf("://") + 3) + start.getRawAuthority();
        Deque<String> collections = new ArrayDeque<>();
        collections.add(start.getRawPath());
        while (!collections.isEmpty()) {
            String collection = collections.pop();
            HttpResponse<String> response = send(request(start.resolve(collection), pfnPrefix, Access.READ).method("PROPFIND",
                    HttpRequest.BodyPublishers.ofString("<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><prop><resourcetype/><getcontentlength/></prop></propfind>"))
                    .header("Depth", "1").header("Content-Type", "application/xml").build(), HttpResponse.BodyHandlers.ofString(), pfnPrefix);
            if (response.statusCode() == 404) {
                if (collection.equals(start.getRawPath())) {
                    stat(pfnPrefix).ifPresent(sink);
                }
                continue;
            }
            if (response.statusCode() != 207) {
                throw failure("Listing of", pfnPrefix, response.statusCode());
            }
            parse(response.body(), collection, pfnBase, collections, sink);
        }
    }

    private static void parse(String xml, String collection, String pfnBase, Deque<String> collections, Consumer<StoredObject> sink) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList responses = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                    .getElementsByTagNameNS("DAV:", "response");
            for (int i = 0; i < responses.getLength(); i++) {
                Element response = (Element) responses.item(i);
                String href = text(response, "href");
                String hrefPath = href.startsWith("http") ? URI.create(href).getRawPath() : href;
                if (hrefPath.equals(collection) || hrefPath.equals(collection.substring(0, collection.length() - 1))) {
                    continue;
                }
                boolean isCollection = response.getElementsByTagNameNS("DAV:", "collection").getLength() > 0;
                if (isCollection) {
                    collections.add(hrefPath.endsWith("/") ? hrefPath : hrefPath + "/");
                } else if (!hrefPath.endsWith(PART_SUFFIX)) {
                    String length = text(response, "getcontentlength");
                    String decoded = URLDecoder.decode(hrefPath.replace("+", "%2B"), StandardCharsets.UTF_8);
                    sink.accept(StoredObject.ofSize(pfnBase + decoded, length.isEmpty() ? 0 : Long.parseLong(length.trim())));
                }
            }
        } catch (Exception e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Cannot read the PROPFIND answer for " + collection + ": " + e.getMessage(), e);
        }
    }

    private static String text(Element parent, String localName) {
        NodeList nodes = parent.getElementsByTagNameNS("DAV:", localName);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent();
    }

    /** Passes a stream on while checking it delivers exactly the announced size. */
    private static final class CountingStream extends FilterInputStream {
        private final long size;
        private final String pfn;
        private long count;
        private IOException failure;

        CountingStream(InputStream in, long size, String pfn) {
            super(in);
            this.size = size;
            this.pfn = pfn;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count += n;
                    if (count > size) {
                        throw new IOException("more than the announced " + size + " bytes");
                    }
                }
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        void checkComplete() {
            if (failure != null) {
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Upload of " + pfn + " failed while reading the source: " + failure.getMessage());
            }
            if (count != size) {
                throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Got " + count + " of the announced " + size + " bytes for " + pfn);
            }
        }
    }
}
