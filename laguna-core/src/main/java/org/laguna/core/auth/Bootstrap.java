package org.laguna.core.auth;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;

/**
 * First start: creates the root account with the admin attribute and a username/password
 * identity. Later starts leave everything as it is; {@link #resetRoot} gives root a new password.
 */
public final class Bootstrap {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The account of the default VO that manages the VOs of a server of several VOs. */
    public static final String SUPER_ROOT = "super_root";

    private final Database database;
    private final PasswordHasher passwords;

    public Bootstrap(Database database, PasswordHasher passwords) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.passwords = Objects.requireNonNull(passwords, "passwords is null");
    }

    /** What the first start created: the root account's username and password, if it made them now. */
    public record RootCredentials(String account, String username, String password, boolean generated) {
        public RootCredentials {
            Objects.requireNonNull(account, "account is null");
            Objects.requireNonNull(username, "username is null");
            Objects.requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "RootCredentials[account=" + account + ", username=" + username + ", generated=" + generated + "]";
        }
    }

    /**
     * Creates root if no account exists yet.
     *
     * @return the credentials, if root was created by this call
     */
    public Optional<RootCredentials> ensureRoot(String rootAccount, String username, Optional<String> password) {
        return ensureRoot(new RootCredentials(rootAccount, username, password.orElseGet(Bootstrap::generatePassword), password.isEmpty()),
                created -> { });
    }

    /**
     * Creates root with these credentials if it does not exist yet. {@code beforeCommit} runs inside
     * the transaction once root is written (to save a generated password, say): if it fails, root is
     * not created, so a start that fails half-way never leaves a root whose password nobody knows.
     *
     * @return the credentials, if root was created by this call
     */
    public Optional<RootCredentials> ensureRoot(RootCredentials root, Consumer<RootCredentials> beforeCommit) {
        return ensureAccount(root, true, beforeCommit);
    }

    /**
     * Creates {@value #SUPER_ROOT} (a SERVICE account without the admin attribute: it manages VOs,
     * nothing else) with these credentials if it does not exist yet; for servers of several VOs.
     */
    public Optional<RootCredentials> ensureSuperRoot(RootCredentials superRoot, Consumer<RootCredentials> beforeCommit) {
        if (!superRoot.account().equals(SUPER_ROOT)) {
            throw new IllegalArgumentException("the account managing VOs is " + SUPER_ROOT);
        }
        return ensureAccount(superRoot, false, beforeCommit);
    }

    /** Gives {@value #SUPER_ROOT} (created if missing) a new password and ends its sessions. */
    public RootCredentials resetSuperRoot(RootCredentials superRoot, Consumer<RootCredentials> beforeCommit) {
        if (ensureSuperRoot(superRoot, beforeCommit).isPresent()) {
            return superRoot;
        }
        return resetPassword(superRoot, beforeCommit);
    }

    private Optional<RootCredentials> ensureAccount(RootCredentials root, boolean admin, Consumer<RootCredentials> beforeCommit) {
        Objects.requireNonNull(root, "root is null");
        Objects.requireNonNull(beforeCommit, "beforeCommit is null");
        return database.inTransaction(tx -> {
            tx.update("lock table accounts in share row exclusive mode");
            if (tx.exists("select 1 from accounts where account = ?", root.account())) {
                return Optional.<RootCredentials>empty();
            }
            tx.update("insert into accounts (account, vo, account_type, email) values (?, 'def', 'SERVICE', null)", root.account());
            if (admin) {
                tx.update("insert into account_attrs (account, key, value) values (?, 'admin', 'true'::jsonb)", root.account());
            }
            setPassword(tx, root);
            beforeCommit.accept(root);
            return Optional.of(root);
        });
    }

    /**
     * Gives root (created if missing) a new password and ends its sessions; for an operator who
     * has the Laguna home at hand but not root's password.
     */
    public RootCredentials resetRoot(RootCredentials root, Consumer<RootCredentials> beforeCommit) {
        Objects.requireNonNull(root, "root is null");
        Objects.requireNonNull(beforeCommit, "beforeCommit is null");
        if (ensureRoot(root, beforeCommit).isPresent()) {
            return root;
        }
        return resetPassword(root, beforeCommit);
    }

    private RootCredentials resetPassword(RootCredentials root, Consumer<RootCredentials> beforeCommit) {
        return database.inTransaction(tx -> {
            setPassword(tx, root);
            tx.update("delete from tokens where account = ?", root.account());
            beforeCommit.accept(root);
            return root;
        });
    }

    /** Whether root's username/password identity accepts this password. */
    public boolean rootAccepts(String username, String password) {
        return database.readOnly(tx -> tx.queryOne(
                "select coalesce(password_hash, '') from identities where identity = ? and identity_type = 'USERPASS' and not deleted",
                rs -> rs.getString(1), username)).map(hash -> !hash.isEmpty() && passwords.matches(password, hash)).orElse(false);
    }

    private void setPassword(Tx tx, RootCredentials root) {
        tx.update("insert into identities (identity, identity_type, username, password_hash) values (?, 'USERPASS', ?, ?)"
                + " on conflict (identity, identity_type) do update set password_hash = excluded.password_hash, deleted = false",
                root.username(), root.username(), passwords.hash(root.password()));
        tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, 'USERPASS', ?, true)"
                + " on conflict do nothing", root.username(), root.account());
    }

    /** A password for root, or for anything else Laguna generates one for. */
    public static String generatePassword() {
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
