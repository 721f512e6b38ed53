package org.laguna.server.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OIDC provider on loopback offering only what mock-oauth2-server lacks: the device
 * authorization grant (RFC 8628). Discovery, key set, device authorization endpoint, a verification
 * page that approves a user code for {@code subject} when visited, and the token endpoint's
 * device-code grant ({@code authorization_pending} until approved, then signed access and ID tokens
 * once). The client must authenticate with its id and secret (HTTP Basic).
 */
final class DeviceFlowProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer http;
    private final RSAKey key;
    private final String clientId;
    private final String clientSecret;
    private final String subject;
    private final Map<String, Grant> byDeviceCode = new ConcurrentHashMap<>();
    private final Map<String, Grant> byUserCode = new ConcurrentHashMap<>();

    private static final class Grant {
        final String deviceCode;
        final String userCode;
        volatile boolean approved;

        Grant(String deviceCode, String userCode) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
        }
    }

    DeviceFlowProvider(String clientId, String clientSecret, String subject) throws IOException, JOSEException {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.subject = subject;
        this.key = new RSAKeyGenerator(2048).keyID("device-key").generate();
        this.http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/.well-known/openid-configuration", exchange -> json(exchange, 200, Map.of("issuer", issuer(),
                "authorization_endpoint", issuer() + "/authorize", "token_endpoint", issuer() + "/token", "jwks_uri", issuer() + "/jwks",
                "device_authorization_endpoint", issuer() + "/device")));
        http.createContext("/jwks", exchange -> send(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));
        http.createContext("/device", this::device);
        http.createContext("/verify", this::verify);
        http.createContext("/token", this::token);
        http.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private boolean clientAuthenticated(HttpExchange exchange) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private void device(HttpExchange exchange) throws IOException {
        if (!clientAuthenticated(exchange)) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        Grant grant = new Grant(UUID.randomUUID().toString(), UUID.randomUUID().toString().substring(0, 8).toUpperCase());
        byDeviceCode.put(grant.deviceCode, grant);
        byUserCode.put(grant.userCode, grant);
        json(exchange, 200, Map.of("device_code", grant.deviceCode, "user_code", grant.userCode, "verification_uri", issuer() + "/verify",
                "verification_uri_complete", issuer() + "/verify?user_code=" + grant.userCode, "expires_in", 600, "interval", 1));
    }

    private void verify(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        Grant grant = byUserCode.get(query.getOrDefault("user_code", ""));
        if (grant == null) {
            send(exchange, 404, "unknown user code");
            return;
        }
        grant.approved = true;
        send(exchange, 200, "approved");
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!clientAuthenticated(exchange)) {
            json(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        if (!"urn:ietf:params:oauth:grant-type:device_code".equals(body.get("grant_type"))) {
            json(exchange, 400, Map.of("error", "unsupported_grant_type"));
            return;
        }
        Grant grant = byDeviceCode.get(body.getOrDefault("device_code", ""));
        if (grant == null) {
            json(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        if (!grant.approved) {
            json(exchange, 400, Map.of("error", "authorization_pending"));
            return;
        }
        byDeviceCode.remove(grant.deviceCode);
        byUserCode.remove(grant.userCode);
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", sign("rucio"));
        tokens.put("id_token", sign(clientId));
        tokens.put("refresh_token", UUID.randomUUID().toString());
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 3600);
        json(exchange, 200, tokens);
    }

    private String sign(String audience) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience(audience).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new HashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1),
                        StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, Map<String, ?> body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        send(exchange, status, JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
