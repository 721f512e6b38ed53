package org.laguna.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.audit.StorageCheck;
import org.laguna.core.auditlog.AuditLog;
import org.laguna.core.auditlog.AuditLogService;
import org.laguna.core.auth.AuthConfig;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Bootstrap;
import org.laguna.core.auth.PasswordHasher;
import org.laguna.core.auth.login.OidcLogin;
import org.laguna.core.auth.login.OidcLoginConfig;
import org.laguna.core.auth.oidc.OidcClients;
import org.laguna.core.auth.oidc.OidcConfig;
import org.laguna.core.auth.oidc.StorageTokenClient;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.config.SecurityConfig;
import org.laguna.core.daemon.DaemonConfig;
import org.laguna.core.daemon.DaemonProcess;
import org.laguna.core.db.Database;
import org.laguna.core.db.EmbeddedDatabase;
import org.laguna.core.event.EventRecording;
import org.laguna.core.permission.Permissions;
import org.laguna.core.registration.RegistrationConfig;
import org.laguna.core.registration.RegistrationService;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.replica.RecoveryConfig;
import org.laguna.core.storage.ServerStorage;
import org.laguna.core.storage.SigningService;
import org.laguna.core.storage.StorageTokenService;
import org.laguna.core.storage.StorageCredentials;
import org.laguna.core.transfer.BuiltinTransferTool;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.EngineHeartbeat;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageProtocols;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferTools;

/**
 * The composition root of the core: the database and every service, built once from the
 * configuration and closed together.
 */
public final class LagunaCore implements AutoCloseable {
    private final LagunaConfig config;
    private final Optional<EmbeddedDatabase> embedded;
    private final Database database;
    private final Clock clock;
    private final AuthService auth;
    private final OidcLogin oidcLogin;
    private final PasswordHasher passwords;
    private final Permissions permissions;
    private final Services services;
    private final SigningService signing;
    private final StorageTokenService storageTokens;
    private final ServerStorage storage;
    private final DaemonConfig daemonConfig;
    private final SecurityConfig securityConfig;
    private final TransferConfig transferConfig;
    private final RecoveryConfig recoveryConfig;
    private final AuditLog auditLog;
    private final RegistrationService registrations;
    private final String vo;
    private final DatabaseAccess access;
    private volatile TransferTool transferTool;
    private EngineHeartbeat engineHeartbeat;
    private volatile boolean closed;

    /** Where the catalogue's PostgreSQL is, for the databases of other VOs on it. */
    private record DatabaseAccess(String url, String user, String password) {
    }

    private LagunaCore(LagunaConfig config, Optional<EmbeddedDatabase> embedded, Database database, Clock clock, String vo,
            DatabaseAccess access) {
        this.vo = vo;
        this.access = access;
        this.config = config;
        this.embedded = embedded;
        this.database = database;
        this.clock = clock;
        ConfigSource source = config.source();
        AuthConfig authConfig = AuthConfig.from(source);
        this.passwords = new PasswordHasher(authConfig.passwordCost());
        OidcConfig oidc = OidcConfig.load(source);
        this.auditLog = new AuditLog(database, clock);
        this.auth = new AuthService(database, config.tokenLifetime(), clock, authConfig, passwords, oidc, auditLog::recordLogin, vo);
        this.oidcLogin = new OidcLogin(database, auth, oidc, OidcLoginConfig.load(source, oidc), clock);
        this.permissions = new Permissions(Permissions.loadPolicy(
                source.get("policy.file").filter(f -> !f.isBlank()).map(f -> config.home().resolve(f)), config.policyName()),
                config.rootUsername(), (tx, rseVo) -> new RseRepository().candidates(tx, rseVo), Optional.of(auditLog));
        StorageCredentials credentials = StorageCredentials.from(source);
        this.storage = new ServerStorage(credentials, StorageProtocols.load(),
                Optional.of(new StorageTokenClient(OidcClients.load(source, OidcConfig.load(source)), clock)));
        this.securityConfig = SecurityConfig.from(source);
        this.signing = new SigningService(database, storage, permissions, securityConfig.signUrlMaxLifetime());
        this.storageTokens = new StorageTokenService(database, storage, permissions);
        this.daemonConfig = DaemonConfig.from(source);
        this.transferConfig = TransferConfig.from(source);
        this.recoveryConfig = RecoveryConfig.from(source);
        this.services = new Services(database, permissions, clock, signing, daemonConfig, securityConfig, passwords, recoveryConfig,
                transferConfig);
        this.services.accounts().onAccountRemoved(auth::forgetAccount);
        this.registrations = new RegistrationService(database, permissions, clock, RegistrationConfig.from(source, config.home()),
                auditLog);
        EventRecording.from(source).apply(database);
    }

    /** Starts on the configured external PostgreSQL, or on the embedded one under the home. */
    public static LagunaCore start(LagunaConfig config) {
        Objects.requireNonNull(config, "config is null");
        Optional<EmbeddedDatabase> embedded = Optional.empty();
        String url;
        String user = config.databaseUser().orElse(null);
        String password = config.databasePassword().orElse(null);
        if (config.databaseUrl().isPresent()) {
            url = config.databaseUrl().get();
        } else {
            EmbeddedDatabase db = EmbeddedDatabase.start(config.home());
            embedded = Optional.of(db);
            url = db.jdbcUrl();
            user = db.user();
            password = db.password();
        }
        try {
            Database database = Database.connect(url, user, password, config.databasePoolSize());
            return new LagunaCore(config, embedded, database, Clock.systemUTC(), AuthService.DEFAULT_VO,
                    new DatabaseAccess(url, user, password));
        } catch (RuntimeException e) {
            embedded.ifPresent(EmbeddedDatabase::close);
            throw e;
        }
    }

    /**
     * The core of another VO on the same PostgreSQL: its catalogue is the schema {@code vo_<name>}
     * (created and migrated here if new), on a pool of its own of {@code vo.pool-size} (4)
     * connections; closing it leaves this core and the database server running.
     */
    public LagunaCore openVo(String name) {
        Objects.requireNonNull(name, "name is null");
        if (!this.vo.equals(AuthService.DEFAULT_VO)) {
            throw new IllegalStateException("VOs are opened from the core of the default VO");
        }
        int poolSize = config.source().getInt("vo.pool-size", 4);
        if (poolSize < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "vo.pool-size must be positive, got " + poolSize);
        }
        Database voDatabase = Database.connect(access.url(), access.user(), access.password(), poolSize, schemaOf(name));
        try {
            return new LagunaCore(config, Optional.empty(), voDatabase, clock, name, access);
        } catch (RuntimeException e) {
            voDatabase.close();
            throw e;
        }
    }

    /** The PostgreSQL schema holding a VO's catalogue; {@code public} for {@code def}. */
    public static String schemaOf(String vo) {
        return vo.equals(AuthService.DEFAULT_VO) ? "public" : "vo_" + vo;
    }

    /** The VO whose catalogue this core serves: {@code def}, or one opened with {@link #openVo}. */
    public String vo() {
        return vo;
    }

    /** Whether this server serves several VOs ({@code vo.multi-vo}, false): {@code /vos}, {@code super_root}, {@code X-Rucio-VO}. */
    public boolean multiVo() {
        return Boolean.parseBoolean(config.source().get("vo.multi-vo").orElse("false"));
    }

    /** Creates root on first start; see {@link Bootstrap}. */
    public Optional<Bootstrap.RootCredentials> bootstrap() {
        Optional<Bootstrap.RootCredentials> root =
                new Bootstrap(database, passwords).ensureRoot(config.rootUsername(), config.rootUsername(), config.rootPassword());
        bootstrapSuperRoot();
        return root;
    }

    /**
     * On a server of several VOs, creates {@code super_root} on first start, with the password of
     * {@code super-root.password} or a generated one; answers the credentials if it made them now.
     */
    public Optional<Bootstrap.RootCredentials> bootstrapSuperRoot() {
        if (!multiVo() || !vo.equals(AuthService.DEFAULT_VO)) {
            return Optional.empty();
        }
        Optional<String> chosen = config.source().get("super-root.password");
        return new Bootstrap(database, passwords).ensureSuperRoot(new Bootstrap.RootCredentials(Bootstrap.SUPER_ROOT, Bootstrap.SUPER_ROOT,
                chosen.orElseGet(Bootstrap::generatePassword), chosen.isEmpty()), created -> { });
    }

    /** Root's creation and password reset on this core's database. */
    public Bootstrap rootBootstrap() {
        return new Bootstrap(database, passwords);
    }

    public LagunaConfig config() {
        return config;
    }

    /** The audit log: every change and denial, who made it and how (docs/security.md). */
    public AuditLog auditLog() {
        return auditLog;
    }

    /** Lists the audit log for administrators, and for each account its own entries. */
    public AuditLogService auditLogService() {
        return new AuditLogService(database, auditLog, permissions::isAdmin);
    }

    /** How long audit log entries are kept ({@code audit-log.retention-days}, 365). */
    public Duration auditLogRetention() {
        int days = config.source().getInt("audit-log.retention-days", 365);
        if (days < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "audit-log.retention-days must be positive, got " + days);
        }
        return Duration.ofDays(days);
    }

    /** Settings of the daemon runtime, from the same home and environment as {@link #config()}. */
    public DaemonConfig daemonConfig() {
        return daemonConfig;
    }

    /** What the server shows and signs ({@code security.*}). */
    public SecurityConfig securityConfig() {
        return securityConfig;
    }

    /** Settings of the conveyor and its transfer tool ({@code transfer.*}). */
    /** Settings of the replica-recoverer and the auditor ({@code replica.*}, {@code auditor.*}). */
    public RecoveryConfig recoveryConfig() {
        return recoveryConfig;
    }

    /** The storage consistency check of RSEs ({@code laguna rse check}, the auditor daemon). */
    public StorageCheck storageCheck() {
        return new StorageCheck(database, permissions, storage, clock, recoveryConfig);
    }

    public TransferConfig transferConfig() {
        return transferConfig;
    }

    /**
     * The transfer tool of {@code transfer.tool}, made on first use and shared by the conveyor's
     * stages in this process: the built-in engine, or a plugin found on the class path.
     */
    public TransferTool transferTool() {
        TransferTool tool = transferTool;
        if (tool == null) {
            synchronized (this) {
                if (closed) {
                    throw new IllegalStateException("Laguna core is closed");
                }
                tool = transferTool;
                if (tool == null) {
                    if (transferConfig.tool().equals(TransferConfig.BUILTIN)) {
                        tool = BuiltinTransferTool.create(storage, clock, transferConfig);
                    } else {
                        tool = TransferTools.load().create(transferConfig.tool(), transferConfig.toolConfig());
                    }
                    if (tool instanceof InProcessEngine engine) {
                        // beats before the engine takes a job, so no other process mistakes its transfers for a dead engine's
                        engineHeartbeat = EngineHeartbeat.start(database, DaemonProcess.current(), engine.engineId(), daemonConfig);
                    }
                    transferTool = tool;
                }
            }
        }
        return tool;
    }

    /** What the conveyor's stages share in this process. */
    public ConveyorContext conveyorContext() {
        return new ConveyorContext(database, storage, services.rses().repository(), services.rses().resolver(),
                clock, transferConfig, transferTool(), daemonConfig.heartbeatTimeout());
    }

    public Database database() {
        return database;
    }

    public Clock clock() {
        return clock;
    }

    public AuthService auth() {
        return auth;
    }

    /** Logins through the OIDC providers that have a client ({@code auth.oidc.NAME.client-id}). */
    public OidcLogin oidcLogin() {
        return oidcLogin;
    }

    /** Hashes and checks passwords at the configured cost ({@code auth.password.*}). */
    public PasswordHasher passwords() {
        return passwords;
    }

    public Permissions permissions() {
        return permissions;
    }

    public Services services() {
        return services;
    }

    /** The server's own connections to storage (transfers, deletion). */
    public ServerStorage storage() {
        return storage;
    }

    /** Signs storage URLs with the server's storage credentials. */
    public SigningService signing() {
        return signing;
    }

    /** Tokens for clients' own operations on token-protected storage ({@code GET /credentials/token}). */
    public StorageTokenService storageTokens() {
        return storageTokens;
    }

    /** Self-registration of people holding an OIDC access token ({@code registration.*}). */
    public RegistrationService registrations() {
        return registrations;
    }

    @Override
    public void close() {
        List<RuntimeException> failures = new ArrayList<>();
        synchronized (this) {
            closed = true;
            if (transferTool != null) {
                try {
                    transferTool.close();
                } catch (Exception e) {
                    failures.add(e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
            }
            if (engineHeartbeat != null) {
                engineHeartbeat.close();
            }
        }
        try {
            storage.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        try {
            database.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        embedded.ifPresent(EmbeddedDatabase::close);
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
