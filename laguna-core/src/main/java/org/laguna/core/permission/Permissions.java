package org.laguna.core.permission;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.laguna.core.auditlog.AuditLog;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.declarative.Decision;
import org.laguna.core.permission.declarative.DeclarativePolicy;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;
import org.laguna.spi.policy.CatalogueView;
import org.laguna.spi.policy.PermissionPolicy;
import org.laguna.spi.policy.PermissionRequest;

/** Asks the configured {@link PermissionPolicy} inside the caller's transaction. */
public final class Permissions {
    private final PermissionPolicy policy;
    private final String rootAccount;
    private final RseCandidates rses;
    private final Optional<AuditLog> audit;
    private final GroupCache groups = new GroupCache();

    public Permissions(PermissionPolicy policy, String rootAccount) {
        this(policy, rootAccount, (tx, vo) -> List.of());
    }

    /** @param rses the live RSEs of a VO, for policy files that test an RSE expression */
    public Permissions(PermissionPolicy policy, String rootAccount, RseCandidates rses) {
        this(policy, rootAccount, rses, Optional.empty());
    }

    /**
     * @param audit where {@link #check} records the changes it allows (in the caller's transaction)
     *     and every denial
     */
    public Permissions(PermissionPolicy policy, String rootAccount, RseCandidates rses, Optional<AuditLog> audit) {
        this.policy = Objects.requireNonNull(policy, "policy is null");
        this.rootAccount = Objects.requireNonNull(rootAccount, "rootAccount is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.audit = Objects.requireNonNull(audit, "audit is null");
    }

    /** The live RSEs of a VO as RSE expressions see them, read in the caller's transaction. */
    @FunctionalInterface
    public interface RseCandidates {
        List<RseCandidate> of(Tx tx, String vo);
    }

    /**
     * The policy a server uses: the policy file {@code policy.file} when it is set (relative to the
     * home directory), else the policy named {@code policy.name} on the class path.
     */
    public static PermissionPolicy loadPolicy(Optional<Path> file, String name) {
        return file.<PermissionPolicy>map(DeclarativePolicy::load).orElseGet(() -> loadPolicy(name));
    }

    /** Loads the policy with the given name from the class path. */
    public static PermissionPolicy loadPolicy(String name) {
        for (PermissionPolicy candidate : ServiceLoader.load(PermissionPolicy.class)) {
            if (candidate.name().equals(name)) {
                return candidate;
            }
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "No permission policy named '" + name + "' on the class path");
    }

    /** True if the caller may perform the action. */
    public boolean allows(Tx tx, Caller caller, String action, String... keyValues) {
        return decide(tx, caller, PermissionRequest.of(caller.account(), caller.vo(), action, keyValues)).allowed();
    }

    /**
     * Throws AccessDenied unless the caller may perform the action; the message names the action and what decided.
     * A client's change that is allowed is recorded in the audit log in the caller's transaction, a denial always.
     */
    public void check(Tx tx, Caller caller, String action, String... keyValues) {
        PermissionRequest request = PermissionRequest.of(caller.account(), caller.vo(), action, keyValues);
        Decision decision = decide(tx, caller, request);
        if (!decision.allowed()) {
            StringBuilder what = new StringBuilder();
            new TreeMap<>(request.arguments()).forEach((k, v) -> what.append(what.isEmpty() ? "" : ", ").append(k).append('=').append(v));
            audit.ifPresent(log -> log.recordDenied(caller, action, AuditLog.target(request.arguments()), decision.explanation()));
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not " + action
                    + (what.isEmpty() ? "" : " (" + what + ")")
                    + (policy instanceof DeclarativePolicy ? ": " + decision.explanation() : ""));
        }
        if (audit.isPresent() && caller.origin().isRequest() && changes(action)) {
            audit.get().recordSuccess(tx, caller, action, AuditLog.target(request.arguments()));
        }
    }

    /**
     * Records in the audit log, in the caller's transaction, a client's change that no policy
     * action covers (it was allowed by an ownership or administrator check): the entry exists
     * exactly when the change does, as for the changes {@link #check} allows.
     */
    public void recordChange(Tx tx, Caller caller, String action, String... keyValues) {
        if (audit.isPresent() && caller.origin().isRequest()) {
            audit.get().recordSuccess(tx, caller, action, AuditLog.target(PermissionRequest.of(caller.account(), caller.vo(), action,
                    keyValues).arguments()));
        }
    }

    /** False for the actions that only read: listings, usages, storage checks. */
    static boolean changes(String action) {
        return !(action.startsWith("list_") || action.startsWith("get_") && !action.equals(Actions.GET_SIGNED_URL)
                || action.equals(Actions.CHECK_RSE));
    }

    /** Whether the caller may perform the action, and which statement of the policy decided. */
    public Decision explain(Tx tx, Caller caller, String action, String... keyValues) {
        return decide(tx, caller, PermissionRequest.of(caller.account(), caller.vo(), action, keyValues));
    }

    private Decision decide(Tx tx, Caller caller, PermissionRequest request) {
        TxCatalogueView view = new TxCatalogueView(tx, rootAccount);
        if (policy instanceof DeclarativePolicy declarative) {
            return declarative.decide(request, caller.grants(), new TxPolicyFacts(tx, view, rses, groups));
        }
        boolean allowed = policy.isAllowed(request, view);
        return Decision.of(allowed, policy.name(), (allowed ? "allowed" : "denied") + " by the " + policy.name() + " policy");
    }

    /** The Laguna groups of each account, as policy files test them; forget an account's after changing them. */
    public GroupCache groups() {
        return groups;
    }

    public boolean isAdmin(Tx tx, Caller caller) {
        return isAdmin(tx, caller.account());
    }

    /** True for root and for accounts with the {@code admin} attribute. */
    public boolean isAdmin(Tx tx, String account) {
        return new TxCatalogueView(tx, rootAccount).isAdmin(account);
    }

    record TxCatalogueView(Tx tx, String rootAccount) implements CatalogueView {
        @Override
        public boolean isAdmin(String account) {
            return account.equals(rootAccount) || tx.exists(
                    "select 1 from account_attrs where account = ? and key = 'admin' and value in ('true'::jsonb, '\"true\"'::jsonb, '\"True\"'::jsonb, '1'::jsonb)",
                    account);
        }

        @Override
        public Optional<String> scopeOwner(String scope) {
            return tx.queryOne("select account from scopes where scope = ? and status <> 'DELETED'", rs -> rs.getString(1), scope);
        }

        @Override
        public Map<String, String> accountAttributes(String account) {
            Map<String, String> attributes = new HashMap<>();
            tx.query("select key, value #>> '{}' from account_attrs where account = ?",
                    rs -> attributes.put(rs.getString(1), rs.getString(2)), account);
            return attributes;
        }

        @Override
        public Map<String, String> rseAttributes(String rse) {
            Map<String, String> attributes = new HashMap<>();
            tx.query("select a.key, a.value #>> '{}' from rse_attrs a join rses r on r.id = a.rse_id where r.rse = ? and not r.deleted",
                    rs -> attributes.put(rs.getString(1), rs.getString(2)), rse);
            return attributes;
        }
    }
}
