package org.laguna.transfer.fts3;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.laguna.spi.transfer.TransferToolException;

/**
 * Keeps a proxy of the client certificate delegated to FTS3, which FTS3 needs to act on the
 * storages for a certificate-authenticated client. Before a submission it makes sure FTS3 holds
 * one valid for at least half the delegation lifetime (or until the client certificate itself
 * expires): it asks {@code GET /whoami} for the delegation id, {@code GET /delegation/{id}} for the
 * current one, and otherwise signs FTS3's request from {@code GET /delegation/{id}/request} and
 * hands the proxy over with {@code PUT /delegation/{id}/credential}.
 */
final class Fts3Delegation {
    private final Fts3Http http;
    private final PemFiles.ClientCredential credential;
    private final Duration lifetime;
    private final Clock clock;
    private String delegationId;
    private Instant validUntil;

    Fts3Delegation(Fts3Http http, PemFiles.ClientCredential credential, Duration lifetime, Clock clock) {
        this.http = Objects.requireNonNull(http, "http is null");
        this.credential = Objects.requireNonNull(credential, "credential is null");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Delegates a new proxy unless FTS3 holds one that lasts long enough. */
    synchronized void ensure() {
        Instant now = clock.instant();
        Instant wanted = now.plus(lifetime.dividedBy(2));
        Instant credentialEnds = credential.chain().stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo).orElseThrow();
        if (wanted.isAfter(credentialEnds)) {
            wanted = credentialEnds;
        }
        if (validUntil != null && !validUntil.isBefore(wanted)) {
            return;
        }
        try {
            if (delegationId == null) {
                JsonNode whoami = http.send("GET", "/whoami", null, "tell the delegation id", Set.of(200)).body();
                delegationId = whoami.path("delegation_id").asText("");
                if (!delegationId.matches("[A-Za-z0-9]+")) {
                    delegationId = null;
                    throw new TransferToolException("FTS3's /whoami gave no usable delegation_id");
                }
            }
            JsonNode current = http.send("GET", "/delegation/" + delegationId, null, "report the delegated proxy", Set.of(200)).body();
            Instant termination = current.isObject() ? Fts3States.time(current, "termination_time") : null;
            if (termination != null && !termination.isBefore(wanted)) {
                validUntil = termination;
                return;
            }
            String request = http.send("GET", "/delegation/" + delegationId + "/request", null, "give a delegation request", Set.of(200)).text();
            ProxyCertificates.Proxy proxy = ProxyCertificates.sign(request, credential, lifetime, now);
            http.sendText("PUT", "/delegation/" + delegationId + "/credential", "application/x-pem-file", proxy.pemChain(),
                    "take the delegated proxy", Set.of(200, 201, 204));
            X509Certificate delegated = proxy.certificate();
            validUntil = delegated.getNotAfter().toInstant();
        } catch (TransferToolException e) {
            throw new TransferToolException("Cannot delegate a proxy to FTS3: " + e.getMessage(), false, e);
        } catch (GeneralSecurityException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TransferToolException("Cannot delegate a proxy to FTS3: " + e.getMessage(), false, e);
        }
    }
}
