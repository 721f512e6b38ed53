package org.laguna.core.event.webhook;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Seals the webhooks' secrets for the database: AES-GCM under {@code hermes.webhook.secret-key}
 * with the webhook's id as associated data (a sealed secret copied to another row does not
 * open), or the secret as given when no key is configured.
 */
final class WebhookSecrets {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Optional<SecretKeySpec> key;

    WebhookSecrets(Optional<byte[]> key) {
        this.key = key.map(bytes -> new SecretKeySpec(bytes, "AES"));
    }

    /** A secret as stored: sealed when a key is configured. */
    record Stored(byte[] bytes, boolean sealed) {
    }

    Stored seal(String secret, String webhookId) {
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        if (key.isEmpty()) {
            return new Stored(plain, false);
        }
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return new Stored(ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret as given to {@link #seal}; CONFIGURATION_ERROR when it was sealed under another key or none is set. */
    byte[] open(Stored stored, String webhookId) {
        if (!stored.sealed()) {
            return stored.bytes().clone();
        }
        if (key.isEmpty()) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "The secret of webhook " + webhookId
                    + " is sealed, but hermes.webhook.secret-key is not set");
        }
        byte[] sealed = stored.bytes();
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            cipher.updateAAD(webhookId.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "The secret of webhook " + webhookId
                    + " cannot be opened with hermes.webhook.secret-key (sealed under another key?)");
        }
    }
}
