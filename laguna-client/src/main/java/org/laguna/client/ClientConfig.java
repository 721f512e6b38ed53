package org.laguna.client;

import java.util.Objects;

/** Where the server is and how to authenticate (username/password of an account). */
public record ClientConfig(String url, String account, String username, String password, String vo) {
    public ClientConfig {
        Objects.requireNonNull(url, "url is null");
        url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        vo = vo == null || vo.isBlank() ? "def" : vo;
        if (account == null || account.isBlank()) {
            account = username;
        }
    }
}
