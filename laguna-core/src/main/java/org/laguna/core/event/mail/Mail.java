package org.laguna.core.event.mail;

import java.util.Objects;

/** One e-mail to send: one recipient (account, when known, and address), its subject and plain-text body. */
public record Mail(String account, String to, String subject, String body) {
    public Mail {
        Objects.requireNonNull(account, "account is null");
        Objects.requireNonNull(to, "to is null");
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(body, "body is null");
    }
}
