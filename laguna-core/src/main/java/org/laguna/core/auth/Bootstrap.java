package org.laguna.core.auth;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.db.Database;

/**
 * First start: creates the root account with the admin attribute and a username/password
 * identity. Later starts leave everything as it is.
 */
public final class Bootstrap {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database database;
    private final PasswordHasher passwords;

    public Bootstrap(Database database, PasswordHasher passwords) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.passwords = Objects.requireNonNull(passwords, "passwords is null");
    }

    /** What the first start created: the root account's username and password, if it made them now. */
    public record RootCredentials(String account, String username, String password, boolean generated) {
    }

    /**
     * Creates root if no account exists yet.
     *
     * @return the credentials, if root was created by this call
     */
    public Optional<RootCredentials> ensureRoot(String rootAccount, String username, Optional<String> password) {
        return database.inTransaction(tx -> {
            tx.update("lock table accounts in share row exclusive mode");
            if (tx.exists("select 1 from accounts where account = ?", rootAccount)) {
                return Optional.<RootCredentials>empty();
            }
            boolean generated = password.isEmpty();
            String secret = password.orElseGet(Bootstrap::generatePassword);
            String hash = passwords.hash(secret);
            tx.update("insert into accounts (account, vo, account_type, email) values (?, 'def', 'SERVICE', null)", rootAccount);
            tx.update("insert into account_attrs (account, key, value) values (?, 'admin', 'true'::jsonb)", rootAccount);
            tx.update("insert into identities (identity, identity_type, username, password_hash) values (?, 'USERPASS', ?, ?)"
                    + " on conflict (identity, identity_type) do update set password_hash = excluded.password_hash, deleted = false",
                    username, username, hash);
            tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, 'USERPASS', ?, true)",
                    username, rootAccount);
            return Optional.of(new RootCredentials(rootAccount, username, secret, generated));
        });
    }

    static String generatePassword() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
