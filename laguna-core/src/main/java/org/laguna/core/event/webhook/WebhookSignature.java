package org.laguna.core.event.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a delivery is signed: HMAC-SHA256 under the webhook's secret over the bytes of
 * {@code TIMESTAMP + "." + BODY}, where TIMESTAMP is the value of the {@value #TIMESTAMP_HEADER}
 * header (seconds since the epoch) and BODY the request body as sent; the {@value
 * #SIGNATURE_HEADER} header carries {@code sha256=} and the MAC in lower-case hexadecimal.
 */
public final class WebhookSignature {
    /** Seconds since the epoch when the request was signed. */
    public static final String TIMESTAMP_HEADER = "X-Laguna-Timestamp";
    /** {@code sha256=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Laguna-Signature";
    /** The event type as in the body. */
    public static final String EVENT_HEADER = "X-Laguna-Event";
    /** The event's id in the outbox: the same for every attempt, so receivers can drop repeats. */
    public static final String EVENT_ID_HEADER = "X-Laguna-Event-Id";
    /** The webhook's id. */
    public static final String WEBHOOK_HEADER = "X-Laguna-Webhook";
    static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The value of the signature header for this body, signed at {@code timestamp} (epoch seconds). */
    public static String sign(byte[] secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
