package org.laguna.core;

import java.time.Clock;
import java.util.Random;
import org.laguna.core.account.AccountService;
import org.laguna.core.account.GroupMembers;
import org.laguna.core.config.SecurityConfig;
import org.laguna.core.auth.PasswordHasher;
import org.laguna.core.daemon.DaemonConfig;
import org.laguna.core.db.Database;
import org.laguna.core.did.DidFollowers;
import org.laguna.core.did.DidServices;
import org.laguna.core.dirac.DiracFiles;
import org.laguna.core.event.MessageService;
import org.laguna.core.lifetime.LifetimeExceptionService;
import org.laguna.core.liveconfig.RuntimeConfig;
import org.laguna.core.meta.MetaConventions;
import org.laguna.core.permission.Permissions;
import org.laguna.core.replica.AccessTraces;
import org.laguna.core.replica.DatasetReplicaService;
import org.laguna.core.replica.RecoveryConfig;
import org.laguna.core.replica.ReplicaImporter;
import org.laguna.core.replica.ReplicaRedirector;
import org.laguna.core.replica.ReplicaService;
import org.laguna.core.replica.SuspiciousReplicaService;
import org.laguna.core.rse.RseQosPolicies;
import org.laguna.core.rse.RseService;
import org.laguna.core.rule.LockWaits;
import org.laguna.core.rule.RuleService;
import org.laguna.core.scope.ScopeService;
import org.laguna.core.storage.SigningService;
import org.laguna.core.subscription.SubscriptionService;
import org.laguna.core.transfer.BuiltinTransferTool;
import org.laguna.core.transfer.RequestService;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.core.transfer.TransferLimits;
import org.laguna.core.transfer.TransferMatrix;
import org.laguna.core.usage.UsageHistory;

/** The use-case services of the catalogue, one per feature. */
public final class Services {
    private final AccountService accounts;
    private final ScopeService scopes;
    private final DidServices dids;
    private final RseService rses;
    private final ReplicaService replicas;
    private final ReplicaImporter importer;
    private final RuleService rules;
    private final HeartbeatService heartbeats;
    private final SuspiciousReplicaService suspicious;
    private final SubscriptionService subscriptions;
    private final DatasetReplicaService datasetReplicas;
    private final TransferMatrix transferMatrix;
    private final RequestService requests;
    private final TransferLimits transferLimits;
    private final LifetimeExceptionService lifetimeExceptions;
    private final RuntimeConfig runtimeConfig;
    private final MetaConventions metaConventions;
    private final AccessTraces accessTraces;
    private final UsageHistory usageHistory;
    private final DidFollowers followers;
    private final RseQosPolicies qosPolicies;
    private final ReplicaRedirector redirector;
    private final GroupMembers groupMembers;
    private final DiracFiles dirac;
    private final MessageService messages;
    private final SigningService signing;

    Services(Database database, Permissions permissions, Clock clock, SigningService signing,
            DaemonConfig daemonConfig, SecurityConfig securityConfig, PasswordHasher passwords,
            RecoveryConfig recoveryConfig, TransferConfig transferConfig) {
        this.signing = signing;
        this.accounts = new AccountService(database, permissions, clock, securityConfig.identitiesVisibleToAll(), passwords);
        this.scopes = new ScopeService(database, permissions, clock);
        this.rses = new RseService(database, permissions, clock);
        this.dids = DidServices.create(database, permissions, clock);
        this.replicas = new ReplicaService(database, permissions, clock, signing);
        this.importer = new ReplicaImporter(database, permissions, clock);
        this.rules = new RuleService(database, permissions, clock, rses.resolver(),
                new Random(), RuleService.DEFAULT_INJECT_THRESHOLD, waitSettings(transferConfig, daemonConfig));
        this.heartbeats = new HeartbeatService(database, permissions, daemonConfig.heartbeatTimeout());
        this.suspicious = new SuspiciousReplicaService(database, permissions, clock, rses.resolver(), recoveryConfig);
        this.subscriptions = new SubscriptionService(database, permissions, clock);
        // open to every account of the caller's VO, as in Rucio: no permission to check
        this.datasetReplicas = new DatasetReplicaService(database);
        this.transferMatrix = new TransferMatrix(database);
        this.requests = new RequestService(database, permissions);
        this.transferLimits = new TransferLimits(database, permissions, rses.resolver(), clock);
        this.lifetimeExceptions = new LifetimeExceptionService(database, permissions, clock);
        this.runtimeConfig = new RuntimeConfig(database, permissions, clock);
        this.metaConventions = new MetaConventions(database, permissions, clock);
        this.accessTraces = new AccessTraces(database, clock);
        this.followers = new DidFollowers(database, permissions, clock);
        this.qosPolicies = new RseQosPolicies(database, permissions, rses.repository(), clock);
        this.usageHistory = new UsageHistory(database, permissions, rses.repository(), clock);
        this.redirector = new ReplicaRedirector(database, replicas, rses.repository(), new Random());
        this.groupMembers = new GroupMembers(database, permissions);
        this.messages = new MessageService(database, permissions);
        this.dirac = new DiracFiles(database, permissions, clock, dids.namespace(), dids.attachments(), replicas, rules);
    }

    /** DIRAC's bulk registration of files with their replicas, datasets and containers. */
    public DiracFiles dirac() {
        return dirac;
    }

    /** The QoS policies of RSEs. */
    public RseQosPolicies qosPolicies() {
        return qosPolicies;
    }

    /** The accounts following DIDs. */
    public DidFollowers followers() {
        return followers;
    }

    /** Snapshots of RSE and account usage, and the usage of an RSE per account. */
    public UsageHistory usageHistory() {
        return usageHistory;
    }

    /** Access times recorded from the traces clients send after reading data. */
    public AccessTraces accessTraces() {
        return accessTraces;
    }

    /** The PFN an HTTP client is redirected to for a file. */
    public ReplicaRedirector redirector() {
        return redirector;
    }

    /** Exceptions to the lifetime of DIDs, asked for by accounts and decided by administrators. */
    public LifetimeExceptionService lifetimeExceptions() {
        return lifetimeExceptions;
    }

    /** The configuration kept in the database, read by administrators and by the daemons as they run. */
    public RuntimeConfig runtimeConfig() {
        return runtimeConfig;
    }

    /** The metadata keys and their allowed values. */
    public MetaConventions metaConventions() {
        return metaConventions;
    }

    /** The replicas of datasets by RSE (Rucio's {@code /replicas/{scope}/{name}/datasets}). */
    public DatasetReplicaService datasetReplicas() {
        return datasetReplicas;
    }

    /** What moved between RSEs, by link. */
    public TransferMatrix transferMatrix() {
        return transferMatrix;
    }

    /** The transfer requests ({@code /requests}). */
    public RequestService requests() {
        return requests;
    }

    /** The limits on transfers into and out of RSEs. */
    public TransferLimits transferLimits() {
        return transferLimits;
    }

    /** The conveyor's settings, for the rule analysis to say when a lock's next step is due. */
    private static LockWaits.Settings waitSettings(TransferConfig transfer, DaemonConfig daemon) {
        return new LockWaits.Settings(BuiltinTransferTool.NAME, transfer.maxAttempts(),
                transfer.retryDelay(), transfer.retryDelayMax(), transfer.staleAfter(), transfer.stuckRetryDelay(), daemon.heartbeatTimeout());
    }

    /** Signed storage URLs ({@code /credentials/signurl}): the only form in which storage access leaves the server. */
    public SigningService signing() {
        return signing;
    }

    public RuleService rules() {
        return rules;
    }

    public SubscriptionService subscriptions() {
        return subscriptions;
    }

    public HeartbeatService heartbeats() {
        return heartbeats;
    }

    public ReplicaImporter importer() {
        return importer;
    }

    public AccountService accounts() {
        return accounts;
    }

    public ScopeService scopes() {
        return scopes;
    }

    public DidServices dids() {
        return dids;
    }

    public RseService rses() {
        return rses;
    }

    public ReplicaService replicas() {
        return replicas;
    }

    public SuspiciousReplicaService suspicious() {
        return suspicious;
    }

    /** The members of GROUP accounts. */
    public GroupMembers groupMembers() {
        return groupMembers;
    }

    /** The outbox of events, for administrators. */
    public MessageService messages() {
        return messages;
    }
}
