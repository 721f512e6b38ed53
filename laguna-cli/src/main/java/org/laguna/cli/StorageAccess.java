package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocols;

/** Opens storage plugins for the protocols an RSE offers, on the client side (no credentials). */
final class StorageAccess {
    /** Schemes whose bytes the command line reaches through server-signed URLs, never with credentials of its own. */
    private static final Set<String> SIGNED = Set.of("s3", "s3s");

    private final StorageProtocols plugins = StorageProtocols.load();
    private final LagunaClient client;

    StorageAccess(LagunaClient client) {
        this.client = client;
    }

    private boolean speaks(String scheme) {
        return SIGNED.contains(scheme) || plugins.supports(scheme);
    }

    /** A protocol of an RSE as get_rse describes it. */
    record Protocol(String rse, String scheme, String hostname, int port, String prefix, int priority) {
        StorageEndpoint endpoint() {
            return new StorageEndpoint(rse, scheme, hostname, port, prefix, Map.of());
        }
    }

    /** The RSE's protocols that can do an operation (read/write) and that a local plugin speaks, best first. */
    List<Protocol> protocols(JsonNode rseInfo, String operation) {
        List<Protocol> result = new ArrayList<>();
        for (JsonNode p : rseInfo.path("protocols")) {
            JsonNode priority = p.path("domains").path("wan").path(operation);
            String scheme = p.path("scheme").asText();
            if (priority.isInt() && speaks(scheme)) {
                result.add(new Protocol(rseInfo.path("rse").asText(), scheme, p.path("hostname").asText(), p.path("port").asInt(),
                        p.path("prefix").asText(), priority.asInt()));
            }
        }
        result.sort(Comparator.comparingInt(Protocol::priority));
        return result;
    }

    Protocol best(JsonNode rseInfo, String operation) {
        List<Protocol> protocols = protocols(rseInfo, operation);
        if (protocols.isEmpty()) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "RSE " + rseInfo.path("rse").asText()
                    + " has no protocol for " + operation + " that this client speaks" + noProtocolHint(rseInfo, operation));
        }
        return protocols.getFirst();
    }

    /** What the RSE has, what this client speaks, and how to add a protocol for the operation. */
    private String noProtocolHint(JsonNode rseInfo, String operation) {
        List<String> has = new ArrayList<>();
        for (JsonNode p : rseInfo.path("protocols")) {
            String scheme = p.path("scheme").asText();
            boolean supports = p.path("domains").path("wan").path(operation).isInt();
            has.add(scheme + (supports ? "" : " (no " + operation + " priority in the wan domain)")
                    + (speaks(scheme) ? "" : " (no storage plugin here for " + scheme + ")"));
        }
        String rse = rseInfo.path("rse").asText();
        return (has.isEmpty() ? " (it has no protocols at all)" : " (it has: " + String.join(", ", has) + ")")
                + ". An administrator adds one with `laguna rse protocol add " + rse + " --scheme SCHEME --hostname HOST --port PORT "
                + "--prefix PREFIX` (priorities 1 for read, write and delete by default), e.g. --scheme file --prefix /data/" + rse;
    }

    StorageProtocol open(Protocol protocol) {
        if (SIGNED.contains(protocol.scheme())) {
            return new SignedUrlStorage(client, protocol.rse());
        }
        return plugins.open(protocol.endpoint(), Map.of());
    }

    /** Opens a plugin for a PFN of a listing, by the PFN's scheme. */
    Optional<StorageProtocol> openFor(String rse, String pfn) {
        int colon = pfn.indexOf("://");
        if (colon < 0) {
            return Optional.empty();
        }
        String scheme = pfn.substring(0, colon);
        if (SIGNED.contains(scheme)) {
            return Optional.of(new SignedUrlStorage(client, rse));
        }
        if (!plugins.supports(scheme)) {
            return Optional.empty();
        }
        return Optional.of(plugins.open(new StorageEndpoint(rse, scheme, "", 0, "/", Map.of()), Map.of()));
    }
}
