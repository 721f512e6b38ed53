package org.laguna.client;

import java.util.Objects;

/**
 * Where the server is and how to authenticate: username/password of an account, or a token
 * obtained earlier (by {@code laguna login}) that is used until the server refuses it.
 */
public record ClientConfig(String url, String account, String username, String password, String vo, String token) {
    public ClientConfig {
        Objects.requireNonNull(url, "url is null");
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        vo = vo == null || vo.isBlank() ? "def" : vo;
        if (account == null || account.isBlank()) {
            account = username;
        }
        token = token == null || token.isBlank() ? null : token;
    }

    /** Username/password settings, no saved token. */
    public ClientConfig(String url, String account, String username, String password, String vo) {
        this(url, account, username, password, vo, null);
    }
}
