package org.laguna.server.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The HTTPS listener's settings. {@code server.https-port} turns it on (0 picks a free port); its
 * certificate is either {@code server.tls.certificate} and {@code server.tls.key} (PEM; the
 * certificate file may hold the chain) or {@code server.tls.keystore} (PKCS#12 or JKS) with
 * {@code server.tls.keystore-password}. {@code server.tls.ca-directory} (none by default) names the
 * CAs whose client certificates are accepted; without it no client certificate is asked for.
 * Relative paths are read against the Laguna home.
 */
public record TlsConfig(OptionalInt httpsPort, Optional<Path> certificate, Optional<Path> key, Optional<Path> keystore,
        String keystorePassword, Optional<Path> caDirectory) {
    public static final TlsConfig NONE = new TlsConfig(OptionalInt.empty(), Optional.empty(), Optional.empty(), Optional.empty(), "",
            Optional.empty());

    public TlsConfig {
        Objects.requireNonNull(httpsPort, "httpsPort is null");
        Objects.requireNonNull(certificate, "certificate is null");
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(keystore, "keystore is null");
        Objects.requireNonNull(keystorePassword, "keystorePassword is null");
        Objects.requireNonNull(caDirectory, "caDirectory is null");
        if (httpsPort.isPresent()) {
            if (httpsPort.getAsInt() < 0 || httpsPort.getAsInt() > 65535) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "server.https-port must be 0..65535, got " + httpsPort.getAsInt());
            }
            boolean pem = certificate.isPresent() || key.isPresent();
            if (pem == keystore.isPresent()) {
                throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "server.https-port needs either server.tls.certificate and"
                        + " server.tls.key, or server.tls.keystore");
            }
            if (pem && (certificate.isEmpty() || key.isEmpty())) {
                throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "server.tls.certificate and server.tls.key go together");
            }
        }
    }

    /** Whether an HTTPS listener is to be opened. */
    public boolean enabled() {
        return httpsPort.isPresent();
    }

    /** Reads the settings from the process's configuration; relative paths against {@code home}. */
    public static TlsConfig from(ConfigSource source, Path home) {
        Optional<String> port = source.get("server.https-port").map(String::strip).filter(p -> !p.isEmpty());
        OptionalInt httpsPort = OptionalInt.empty();
        if (port.isPresent()) {
            try {
                httpsPort = OptionalInt.of(Integer.parseInt(port.get()));
            } catch (NumberFormatException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "server.https-port must be a port number, got '" + port.get() + "'");
            }
        }
        return new TlsConfig(httpsPort, path(source, home, "server.tls.certificate"), path(source, home, "server.tls.key"),
                path(source, home, "server.tls.keystore"), source.get("server.tls.keystore-password").orElse(""),
                path(source, home, "server.tls.ca-directory"));
    }

    private static Optional<Path> path(ConfigSource source, Path home, String key) {
        return source.get(key).map(String::strip).filter(p -> !p.isEmpty()).map(p -> home.resolve(p));
    }
}
