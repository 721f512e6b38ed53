package org.laguna.core.registration;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.auditlog.AuditLog;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.LoginAudit;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.core.db.Database;
import org.laguna.core.db.RowMapper;
import org.laguna.core.db.Tx;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Outbox;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Self-registration (Laguna's user registration layer): a person whose OIDC access token checks
 * out and who has no account yet accepts the terms of use and gets an account named after a
 * claim of the token, holding the token's OIDC identity, the configured quotas and the scope
 * {@code user.<account>}, in one transaction. Registering again answers the same registration.
 * When approval is required, the account is made when an administrator approves. Registrations
 * are serialised by a transaction-scoped advisory lock, so two people never get one name.
 */
public final class RegistrationService {
    private static final String VO = "def";
    private static final long LOCK = 0x4c61_6775_6e61_5265L;
    private static final int EMAIL_LENGTH = 255;
    private static final int REASON_LENGTH = 1000;
    private static final String SELECT = """
            select r.id, r.identity, r.account, r.email, r.status, r.requested_at, r.decided_at, r.decided_by, r.reason,
                   t.terms_version, t.accepted_at
              from registrations r
              join lateral (select terms_version, accepted_at from terms_acceptances a where a.registration_id = r.id
                             order by accepted_at desc, terms_version desc limit 1) t on true
            """;
    private static final RowMapper<Registration> REGISTRATION = rs -> new Registration(rs.getObject("id", UUID.class),
            rs.getString("identity"), rs.getString("account"), Optional.ofNullable(rs.getString("email")),
            Registration.Status.valueOf(rs.getString("status")), Tx.instant(rs, "requested_at"), Optional.ofNullable(Tx.instant(rs, "decided_at")),
            Optional.ofNullable(rs.getString("decided_by")), Optional.ofNullable(rs.getString("reason")), rs.getString("terms_version"),
            Tx.instant(rs, "accepted_at"));

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RegistrationConfig config;
    private final AccountProvisioner provisioner;
    private final AuditLog audit;

    /** @param audit where registrations, approvals and denials are recorded, each in the transaction that makes it */
    public RegistrationService(Database database, Permissions permissions, Clock clock, RegistrationConfig config, AuditLog audit) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.provisioner = new AccountProvisioner(config.quotas());
        this.audit = Objects.requireNonNull(audit, "audit is null");
    }

    /** The terms of use a person accepts to register, and whether registration is open at all. */
    public record Terms(boolean enabled, String version, String text, String sha256, boolean approvalRequired) {
    }

    public Terms terms() {
        return config.enabled() ? new Terms(true, config.termsVersion(), config.termsText(), config.termsSha256(), config.approvalRequired())
                : new Terms(false, "", "", "", false);
    }

    /**
     * Registers the person behind a verified OIDC access token who accepts the terms of version
     * {@code acceptedVersion}; the existing registration of the same identity when there is one
     * (the acceptance of a newer version is recorded with it). The registration is recorded in the
     * audit log with the token's identity and the request's origin, in its transaction.
     */
    public Registration.Outcome register(VerifiedToken token, String acceptedVersion, RequestOrigin origin) {
        Objects.requireNonNull(token, "token is null");
        requireEnabled();
        if (acceptedVersion == null || acceptedVersion.isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "accept_terms must name the version of the terms of use you accept"
                    + " (the current one is '" + config.termsVersion() + "', see GET /register/terms)");
        }
        if (!acceptedVersion.equals(config.termsVersion())) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "You accepted version '" + acceptedVersion + "' of the terms of use, but the"
                    + " current one is '" + config.termsVersion() + "': read it (GET /register/terms) and accept that version");
        }
        return database.inTransaction(tx -> {
            lock(tx);
            Instant now = clock.instant();
            Optional<Registration> existing = tx.queryOne(SELECT + " where r.identity = ?", REGISTRATION, token.identity());
            if (existing.isPresent()) {
                accept(tx, existing.get().id(), token.identity(), now);
                return recorded(tx, new Registration.Outcome(require(tx, existing.get().id()), false), origin);
            }
            tx.queryOne("select m.account from account_map m join accounts a on a.account = m.account"
                    + " where m.identity = ? and m.identity_type = 'OIDC' and a.status <> 'DELETED' order by m.account limit 1",
                    rs -> rs.getString(1), token.identity()).ifPresent(account -> {
                        throw new LagunaException(ErrorCode.DUPLICATE, "The OIDC identity '" + token.identity() + "' already belongs to"
                                + " account " + account + ": log in with it instead of registering");
                    });
            String base = AccountNames.fromClaim(token.textClaim(config.nameClaim()).orElse(token.subject()));
            String account = AccountNames.firstFree(base, name -> AccountProvisioner.taken(tx, name, Optional.empty()));
            Optional<String> email = token.textClaim(config.emailClaim()).filter(e -> e.length() <= EMAIL_LENGTH);
            UUID id = UUID.randomUUID();
            boolean approved = !config.approvalRequired();
            tx.update("insert into registrations (id, vo, identity, account, email, status, requested_at, decided_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?)", id, VO, token.identity(), account, email.orElse(null),
                    approved ? "APPROVED" : "PENDING", now, approved ? now : null);
            accept(tx, id, token.identity(), now);
            emit(tx, EventTypes.REGISTRATION_REQUESTED, id, account, token.identity(), email, approved ? "APPROVED" : "PENDING", null, now);
            if (approved) {
                provisioner.create(tx, VO, account, token.identity(), email, now);
                emit(tx, EventTypes.REGISTRATION_APPROVED, id, account, token.identity(), email, "APPROVED", null, now);
            }
            return recorded(tx, new Registration.Outcome(require(tx, id), true), origin);
        });
    }

    /** The registration of the person behind a verified OIDC token, if they asked for one. */
    public Optional<Registration> of(VerifiedToken token) {
        Objects.requireNonNull(token, "token is null");
        return database.readOnly(tx -> tx.queryOne(SELECT + " where r.identity = ?", REGISTRATION, token.identity()));
    }

    /** Records a registration (made, or accepted again) with the identity of its OIDC token. */
    private Registration.Outcome recorded(Tx tx, Registration.Outcome outcome, RequestOrigin origin) {
        Registration registration = outcome.registration();
        boolean made = registration.status() == Registration.Status.APPROVED;
        audit.recordLogin(tx, new LoginAudit.Login("register", made ? registration.account() : null, registration.identity(), "oidc", VO,
                "account=" + registration.account() + ",registration=" + registration.id() + ",status=" + registration.status(), origin));
        return outcome;
    }

    /** The registrations waiting for an administrator, oldest first. */
    public List<Registration> pending(Caller caller) {
        return database.readOnly(tx -> {
            requireAdmin(tx, caller, "list pending registrations");
            return tx.query(SELECT + " where r.status = 'PENDING' order by r.requested_at, r.id", REGISTRATION);
        });
    }

    /** Approves a pending registration: its account is created now (renamed if its name was taken meanwhile). */
    public Registration approve(Caller caller, String id) {
        return database.inTransaction(tx -> {
            requireAdmin(tx, caller, "approve registrations");
            UUID registration = parseId(id);
            lock(tx);
            Registration pending = requirePending(tx, registration);
            String account = AccountNames.firstFree(pending.account(), name -> AccountProvisioner.taken(tx, name, Optional.of(registration)));
            Instant now = clock.instant();
            tx.update("update registrations set status = 'APPROVED', account = ?, decided_at = ?, decided_by = ? where id = ?",
                    account, now, caller.account(), registration);
            provisioner.create(tx, VO, account, pending.identity(), pending.email(), now);
            emit(tx, EventTypes.REGISTRATION_APPROVED, registration, account, pending.identity(), pending.email(), "APPROVED",
                    caller.account(), now);
            audit.recordSuccess(tx, caller, "approve_registration", "account=" + account + ",registration=" + registration);
            return require(tx, registration);
        });
    }

    /** Denies a pending registration; registering again with the same identity answers it as denied. */
    public Registration deny(Caller caller, String id, String reason) {
        return database.inTransaction(tx -> {
            requireAdmin(tx, caller, "deny registrations");
            UUID registration = parseId(id);
            if (reason != null && reason.length() > REASON_LENGTH) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "reason is longer than " + REASON_LENGTH + " characters");
            }
            requirePending(tx, registration);
            tx.update("update registrations set status = 'DENIED', decided_at = ?, decided_by = ?, reason = ? where id = ?",
                    clock.instant(), caller.account(), reason == null || reason.isBlank() ? null : reason, registration);
            audit.recordSuccess(tx, caller, "deny_registration", "registration=" + registration);
            return require(tx, registration);
        });
    }

    /** Writes a registration event (ordering key {@code account:NAME}, as the account's own events). */
    private static void emit(Tx tx, String type, UUID id, String account, String identity, Optional<String> email, String status,
                             String decidedBy, Instant at) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("registration_id", id.toString());
        payload.put("account", account);
        payload.put("identity", identity);
        payload.put("email", email.orElse(null));
        payload.put("status", status);
        payload.put("decided_by", decidedBy);
        Outbox.emit(tx, type, "account:" + account, payload, at);
    }

    private void requireEnabled() {
        if (!config.enabled()) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Self-registration is not enabled on this server (registration.enabled)");
        }
    }

    private void accept(Tx tx, UUID registration, String identity, Instant now) {
        tx.update("insert into terms_acceptances (registration_id, identity, terms_version, terms_sha256, accepted_at) values (?, ?, ?, ?, ?)"
                + " on conflict (registration_id, terms_version) do nothing", registration, identity, config.termsVersion(),
                config.termsSha256(), now);
    }

    private void requireAdmin(Tx tx, Caller caller, String what) {
        if (!permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not " + what + ": administrators only");
        }
    }

    private static void lock(Tx tx) {
        tx.queryOne("select pg_advisory_xact_lock(?)", rs -> Boolean.TRUE, LOCK);
    }

    private static Registration require(Tx tx, UUID id) {
        return tx.queryOne(SELECT + " where r.id = ?", REGISTRATION, id)
                .orElseThrow(() -> new LagunaException(ErrorCode.NOT_FOUND, "Registration " + id + " not found"));
    }

    private static Registration requirePending(Tx tx, UUID id) {
        Registration registration = tx.queryOne(SELECT + " where r.id = ? for update of r", REGISTRATION, id)
                .orElseThrow(() -> new LagunaException(ErrorCode.NOT_FOUND, "Registration " + id + " not found"));
        if (registration.status() != Registration.Status.PENDING) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_STATUS, "Registration " + id + " is " + registration.status() + ", not PENDING");
        }
        return registration;
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id == null ? "" : id);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "'" + id + "' is not a registration id (a UUID)");
        }
    }
}
