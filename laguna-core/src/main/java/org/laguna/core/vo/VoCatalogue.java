package org.laguna.core.vo;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Bootstrap;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The VOs of a server of several VOs, kept in the {@code vos} table of the default VO's catalogue,
 * and the root account each new VO starts with. Each VO other than {@code def} has a catalogue of
 * its own (a schema); inside it the {@code vo} columns say {@code def}, as the schema is the VO.
 */
public final class VoCatalogue {
    /** Rucio's VO tags are three characters; Laguna takes lower-case letters and digits, the VO's schema being named after it. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{3}");
    private static final int TEXT_LIMIT = 255;

    private final Database database;

    /** Over the default VO's catalogue. */
    public VoCatalogue(Database database) {
        this.database = Objects.requireNonNull(database, "database is null");
    }

    /** A VO as {@code GET /vos} lists it. */
    public record Vo(String vo, String description, String email, Instant createdAt) {
        public Vo {
            Objects.requireNonNull(vo, "vo is null");
        }
    }

    /** An identity of an account, as copied to a new VO's root: USERPASS ones with their password hash. */
    public record IdentityCopy(String identity, String type, String username, String passwordHash, String email) {
        public IdentityCopy {
            Objects.requireNonNull(identity, "identity is null");
            Objects.requireNonNull(type, "type is null");
        }
    }

    /** The name checked: InvalidObject unless it is a VO tag Laguna serves (three lower-case letters or digits). */
    public static String checkName(String vo) {
        if (vo == null || !NAME.matcher(vo).matches()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Problem validating vo: '" + vo
                    + "' is not a VO tag (three characters: lower-case letters and digits)");
        }
        return vo;
    }

    private static String checkText(String field, String value) {
        if (value != null && value.length() > TEXT_LIMIT) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, field + " is longer than " + TEXT_LIMIT + " characters");
        }
        return value;
    }

    /** Every VO, {@code def} first. */
    public List<Vo> list() {
        return database.readOnly(tx -> tx.query("select vo, description, email, created_at from vos order by vo <> 'def', vo",
                rs -> new Vo(rs.getString(1), rs.getString(2), rs.getString(3), Tx.instant(rs, "created_at"))));
    }

    /** The VOs other than {@code def}, which each have a catalogue of their own. */
    public List<String> others() {
        return database.readOnly(tx -> tx.query("select vo from vos where vo <> ? order by vo", rs -> rs.getString(1),
                AuthService.DEFAULT_VO));
    }

    public boolean exists(String vo) {
        return database.readOnly(tx -> tx.exists("select 1 from vos where vo = ?", vo));
    }

    /** Refuses a VO that exists already (Duplicate) or a description or email too long (InvalidObject). */
    public void checkNew(String vo, String description, String email) {
        checkName(vo);
        checkText("description", description);
        checkText("email", email);
        if (exists(vo)) {
            throw new LagunaException(ErrorCode.DUPLICATE, "VO " + vo + " already exists!");
        }
    }

    /** Records a VO whose catalogue is ready; Duplicate if another request recorded it first. */
    public void add(String vo, String description, String email) {
        checkName(vo);
        database.inTransactionVoid(tx -> {
            if (tx.update("insert into vos (vo, description, email) values (?, ?, ?) on conflict (vo) do nothing",
                    vo, checkText("description", description), checkText("email", email)) == 0) {
                throw new LagunaException(ErrorCode.DUPLICATE, "VO " + vo + " already exists!");
            }
        });
    }

    /** Sets the description and/or email of a VO; VONotFound if there is none of that name. */
    public void update(String vo, Optional<String> description, Optional<String> email) {
        checkName(vo);
        database.inTransactionVoid(tx -> {
            if (!tx.exists("select 1 from vos where vo = ? for update", vo)) {
                throw new LagunaException(ErrorCode.VO_NOT_FOUND, "VO " + vo + " not found");
            }
            description.ifPresent(text -> tx.update("update vos set description = ? where vo = ?", checkText("description", text), vo));
            email.ifPresent(text -> tx.update("update vos set email = ? where vo = ?", checkText("email", text), vo));
        });
    }

    /** The identities of {@code super_root}, which a new VO's root gets too (as in Rucio). */
    public List<IdentityCopy> superRootIdentities() {
        return database.readOnly(tx -> tx.query("""
                select i.identity, i.identity_type, i.username, i.password_hash, i.email from identities i
                  join account_map m on m.identity = i.identity and m.identity_type = i.identity_type
                 where m.account = ? and not i.deleted order by i.identity_type, i.identity
                """, rs -> new IdentityCopy(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)),
                Bootstrap.SUPER_ROOT));
    }

    /**
     * Creates a new VO's root account (SERVICE, admin) in that VO's catalogue with these identities,
     * unless it exists already (a second attempt after a failure leaves the first one's).
     */
    public static void createRoot(Database voDatabase, String rootAccount, String email, List<IdentityCopy> identities) {
        voDatabase.inTransactionVoid(tx -> {
            tx.update("lock table accounts in share row exclusive mode");
            if (tx.exists("select 1 from accounts where account = ?", rootAccount)) {
                return;
            }
            tx.update("insert into accounts (account, vo, account_type, email) values (?, ?, 'SERVICE', ?)",
                    rootAccount, AuthService.DEFAULT_VO, email);
            tx.update("insert into account_attrs (account, key, value) values (?, 'admin', 'true'::jsonb)", rootAccount);
            for (IdentityCopy identity : identities) {
                tx.update("insert into identities (identity, identity_type, username, password_hash, email) values (?, ?, ?, ?, ?)"
                        + " on conflict (identity, identity_type) do nothing", identity.identity(), identity.type(), identity.username(),
                        identity.passwordHash(), identity.email());
                tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, ?, ?, false)"
                        + " on conflict do nothing", identity.identity(), identity.type(), rootAccount);
            }
        });
    }
}
