package org.laguna.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Salted, slow password hashes. New hashes are Argon2id in the usual self-describing form
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}); hashes of the earlier PBKDF2-SHA256 form
 * ({@code pbkdf2-sha256$iterations$salt$hash}) still verify and {@link #needsRehash} tells when a
 * stored hash is weaker than the configured cost. At most {@code maxConcurrent} hashes are
 * computed at once, so a flood of logins queues instead of exhausting CPU and memory.
 */
public final class PasswordHasher {
    private static final String ARGON2_PREFIX = "$argon2id$v=19$";
    private static final String PBKDF2_PREFIX = "pbkdf2-sha256$";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final AuthConfig.PasswordCost cost;
    private final Semaphore permits;
    private final String dummyHash;
    private final AtomicLong hashesComputed = new AtomicLong();

    public PasswordHasher(AuthConfig.PasswordCost cost) {
        this.cost = Objects.requireNonNull(cost, "cost is null");
        this.permits = new Semaphore(cost.maxConcurrent(), true);
        this.dummyHash = hash("laguna-dummy-password-" + RANDOM.nextLong());
    }

    /** A new salted hash of the password at the configured cost. */
    public String hash(String password) {
        Objects.requireNonNull(password, "password is null");
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        Argon2 parameters = new Argon2(cost.memoryKib(), cost.iterations(), cost.parallelism());
        byte[] derived = withPermit(() -> parameters.derive(password, salt, 32));
        return parameters.prefix() + B64.encodeToString(salt) + "$" + B64.encodeToString(derived);
    }

    /** Whether the password matches the stored hash; a malformed or unknown hash matches nothing. */
    public boolean matches(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        return withPermit(() -> verify(password, stored));
    }

    /**
     * Spends the time of one verification at the configured cost without a stored hash, so that an
     * unknown username takes as long to refuse as a wrong password.
     */
    public void verifyNothing(String password) {
        matches(password == null ? "" : password, dummyHash);
    }

    /** Whether a stored hash uses another algorithm or a lower cost than the configured one. */
    public boolean needsRehash(String stored) {
        return Argon2.parse(stored).map(p -> p.memoryKib() < cost.memoryKib() || p.iterations() < cost.iterations()
                || p.parallelism() != cost.parallelism()).orElse(true);
    }

    /** How many hashes this hasher has computed or started, checks included. */
    long hashesComputed() {
        return hashesComputed.get();
    }

    /** How many hashes are being computed now. */
    int hashesInProgress() {
        return cost.maxConcurrent() - permits.availablePermits();
    }

    private static boolean verify(String password, String stored) {
        try {
            if (stored.startsWith(ARGON2_PREFIX)) {
                Optional<Argon2> parameters = Argon2.parse(stored);
                String[] parts = stored.split("\\$");
                if (parameters.isEmpty() || parts.length != 6) {
                    return false;
                }
                byte[] expected = B64_DECODER.decode(parts[5]);
                return MessageDigest.isEqual(expected, parameters.get().derive(password, B64_DECODER.decode(parts[4]), expected.length));
            }
            if (stored.startsWith(PBKDF2_PREFIX)) {
                String[] parts = stored.split("\\$");
                if (parts.length != 4) {
                    return false;
                }
                byte[] expected = B64_DECODER.decode(parts[3]);
                return MessageDigest.isEqual(expected, pbkdf2(password, B64_DECODER.decode(parts[2]), Integer.parseInt(parts[1])));
            }
            return false;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private <T> T withPermit(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(cost.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Interrupted while waiting to check a password");
        }
        if (!acquired) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE,
                    "Too many logins at once: no password check started within " + cost.maxWait() + ", try again later");
        }
        try {
            hashesComputed.incrementAndGet();
            return work.get();
        } finally {
            permits.release();
        }
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 is not available", e);
        }
    }

    /** Argon2id parameters as written in a stored hash. */
    private record Argon2(int memoryKib, int iterations, int parallelism) {
        static Optional<Argon2> parse(String stored) {
            if (stored == null || !stored.startsWith(ARGON2_PREFIX)) {
                return Optional.empty();
            }
            String[] parts = stored.split("\\$");
            if (parts.length != 6) {
                return Optional.empty();
            }
            String[] values = parts[3].split(",");
            if (values.length != 3 || !values[0].startsWith("m=") || !values[1].startsWith("t=") || !values[2].startsWith("p=")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Argon2(Integer.parseInt(values[0].substring(2)), Integer.parseInt(values[1].substring(2)),
                        Integer.parseInt(values[2].substring(2))));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }

        String prefix() {
            return ARGON2_PREFIX + "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$";
        }

        byte[] derive(String password, byte[] salt, int length) {
            if (memoryKib < 8 * parallelism || iterations < 1 || parallelism < 1 || length < 16 || length > 64) {
                throw new IllegalArgumentException("Argon2 parameters out of range");
            }
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                    .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                    .withMemoryAsKB(memoryKib)
                    .withIterations(iterations)
                    .withParallelism(parallelism)
                    .withSalt(salt)
                    .build());
            byte[] out = new byte[length];
            generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
            return out;
        }
    }
}
