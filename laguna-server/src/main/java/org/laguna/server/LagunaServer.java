package org.laguna.server;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.util.JavalinBindException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.laguna.server.metrics.CatalogueMetrics;
import org.laguna.server.metrics.HttpMetrics;
import org.laguna.server.metrics.PoolMetrics;
import org.laguna.core.monitoring.CatalogueMonitor;
import org.laguna.core.config.ConfigSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import io.javalin.config.JavalinConfig;
import org.laguna.server.api.VoResource;
import org.laguna.server.http.VoDispatch;
import org.laguna.server.vo.VoRuntimes;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.jetty.http.UriCompliance;
import org.laguna.core.EventDestinations;
import org.laguna.core.LagunaCore;
import org.laguna.core.Services;
import org.laguna.core.EventDestinations;
import org.laguna.core.event.webhook.WebhookConfig;
import org.laguna.core.event.webhook.WebhookService;
import org.laguna.core.permission.PolicyExplainer;
import org.laguna.server.api.ConfigResource;
import org.laguna.server.api.RedirectResource;
import org.laguna.server.api.RegistrationResource;
import org.laguna.server.api.RseQosResource;
import org.laguna.server.api.TraceResource;
import org.laguna.server.api.UsageResource;
import org.laguna.server.api.LifetimeExceptionResource;
import org.laguna.server.api.MetaConventionResource;
import org.laguna.server.api.AccountResource;
import org.laguna.server.api.AuditLogResource;
import org.laguna.server.api.AuthResource;
import org.laguna.server.api.OidcLoginResource;
import org.laguna.server.api.CredentialResource;
import org.laguna.server.api.DatasetReplicaResource;
import org.laguna.server.api.DidResource;
import org.laguna.server.api.GroupMemberResource;
import org.laguna.server.api.HeartbeatResource;
import org.laguna.server.api.MessageResource;
import org.laguna.server.api.WebhookResource;
import org.laguna.server.api.MetricsResource;
import org.laguna.server.api.OutboxMetrics;
import org.laguna.server.api.PingResource;
import org.laguna.server.api.PolicyResource;
import org.laguna.server.api.ReplicaResource;
import org.laguna.server.api.RequestResource;
import org.laguna.server.api.RseCheckResource;
import org.laguna.server.api.RseResource;
import org.laguna.server.api.RuleResource;
import org.laguna.server.api.ScopeResource;
import org.laguna.server.api.SubscriptionResource;
import org.laguna.server.api.TransferMatrixResource;
import org.laguna.server.http.AuditHook;
import org.laguna.server.api.ArchiveResource;
import org.laguna.server.api.DiracResource;
import org.laguna.server.http.AuthFilter;
import org.laguna.server.http.BodyLimits;
import org.laguna.server.http.ErrorMapper;
import org.laguna.server.http.JettyErrorHandler;
import org.laguna.server.http.NulGuard;
import org.laguna.server.http.Resource;
import org.laguna.server.tls.ClientCertificates;
import org.laguna.server.tls.HttpsListener;
import org.laguna.server.tls.TlsConfig;
import org.laguna.server.ui.WebUi;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The HTTP server: Rucio-compatible REST resources over one {@link LagunaCore}. */
public final class LagunaServer implements AutoCloseable {
    private final LagunaCore core;
    private final Javalin app;
    private final Optional<HttpsListener> https;
    private final Optional<VoRuntimes> vos;

    private LagunaServer(LagunaCore core, Javalin app, Optional<HttpsListener> https, Optional<VoRuntimes> vos) {
        this.core = core;
        this.app = app;
        this.https = https;
        this.vos = vos;
    }

    public static LagunaServer start(LagunaCore core, String host, int port) {
        return start(core, host, port, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    /** Starts the server; {@code /metrics} serves the given registry; body limits from the core's home and environment. */
    public static LagunaServer start(LagunaCore core, String host, int port, PrometheusMeterRegistry metrics) {
        Objects.requireNonNull(core, "core is null");
        return start(core, host, port, metrics, BodyLimits.from(core.config().source()));
    }

    /** Starts the server with the given limits on request bodies. */
    public static LagunaServer start(LagunaCore core, String host, int port, PrometheusMeterRegistry metrics, BodyLimits limits) {
        return start(core, host, port, metrics, limits, VoRuntimes.NO_DAEMONS);
    }

    /**
     * Starts the server; on a server of several VOs ({@code vo.multi-vo}) it also serves every VO
     * recorded in the default VO's catalogue, each on a core of its own with the daemons
     * {@code voDaemons} starts for it.
     */
    public static LagunaServer start(LagunaCore core, String host, int port, PrometheusMeterRegistry metrics, BodyLimits limits,
            Function<LagunaCore, AutoCloseable> voDaemons) {
        Objects.requireNonNull(core, "core is null");
        Objects.requireNonNull(metrics, "metrics is null");
        Objects.requireNonNull(limits, "limits is null");
        Objects.requireNonNull(voDaemons, "voDaemons is null");
        TlsConfig tls = TlsConfig.from(core.config().source(), core.config().home());
        Optional<HttpsListener> https = tls.enabled() ? Optional.of(HttpsListener.create(tls)) : Optional.empty();
        ClientCertificates clientCertificates = new ClientCertificates(https.flatMap(HttpsListener::trust));
        Optional<VoRuntimes> vos = core.multiVo()
                ? Optional.of(new VoRuntimes(core, voCore -> Javalin.create(config -> configure(config, voCore,
                        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), limits, clientCertificates, Optional.empty())).javalinServlet(),
                        voDaemons))
                : Optional.empty();
        Javalin app = Javalin.create(config -> {
            configure(config, core, metrics, limits, clientCertificates, vos);
            config.jetty.modifyHttpConfiguration(http -> {
                http.setUriCompliance(UriCompliance.LEGACY);
                http.setSendServerVersion(false);
            });
            config.jetty.modifyServletContextHandler(handler -> {
                handler.getServletHandler().setDecodeAmbiguousURIs(true);
                handler.setErrorHandler(new JettyErrorHandler());
                vos.ifPresent(runtimes -> VoDispatch.install(handler, runtimes));
            });
            config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorHandler()));
            https.ifPresent(listener -> {
                // with a connector of its own added, Javalin makes no plain HTTP one: it comes first, app.port() reads it
                config.jetty.addConnector((server, http) -> HttpsListener.plainConnector(server, http, host, port));
                config.jetty.addConnector((server, http) -> listener.connector(server, http, host));
            });
        });
        try {
            app.start(host, port);
        } catch (JavalinBindException e) {
            app.stop();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "port " + port
                    + (tls.enabled() ? " or HTTPS port " + tls.httpsPort().getAsInt() : "") + " is in use", e);
        }
        try {
            vos.ifPresent(VoRuntimes::openAll);
        } catch (RuntimeException e) {
            vos.ifPresent(VoRuntimes::close);
            app.stop();
            throw e;
        }
        return new LagunaServer(core, app, https, vos);
    }

    /**
     * The routes, filters and error handling of one VO's catalogue: the server's own (the default
     * VO's), or those of another VO, whose requests the default VO's server hands over.
     */
    private static void configure(JavalinConfig config, LagunaCore core, PrometheusMeterRegistry metrics, BodyLimits limits,
            ClientCertificates clientCertificates, Optional<VoRuntimes> vos) {
        boolean metricsPublic = core.securityConfig().metricsPublic();
        List<Resource> resources = new ArrayList<>(resources(core, metrics, metricsPublic, clientCertificates));
        resources.add(new VoResource(vos, core.multiVo()));
        AuditHook auditHook = new AuditHook(core.auditLog());
        AuthFilter authFilter = new AuthFilter(core.auth(), metricsPublic);
        HttpMetrics httpMetrics = new HttpMetrics(metrics);
        PoolMetrics.bind(core.database().dataSource(), metrics);
        config.concurrency.useVirtualThreads = true;
        config.startup.showJavalinBanner = false;
        config.http.maxRequestSize = limits.maxBulkBodyBytes();
        config.router.ignoreTrailingSlashes = true;
        config.router.treatMultipleSlashesAsSingleSlash = true;
        config.requestLogger.http(httpMetrics::record);
        config.routes.before(limits::handle);
        config.routes.before(auditHook::before);
        config.routes.before(NulGuard::handle);
        config.routes.before(authFilter::handle);
        config.routes.before(LagunaServer::noCacheForReads);
        config.routes.after(auditHook::after);
        config.routes.exception(Exception.class, ErrorMapper::handle);
        config.routes.error(404, ErrorMapper::noSuchEndpoint);
        config.routes.error(405, ErrorMapper::methodNotAllowed);
        resources.forEach(resource -> resource.register(config.routes));
    }

    /** The REST resources, each given the services it uses. */
    private static List<Resource> resources(LagunaCore core, PrometheusMeterRegistry metrics, boolean metricsPublic,
            ClientCertificates clientCertificates) {
        Services services = core.services();
        RuleResource rules = new RuleResource(services.rules());
        WebhookConfig webhookConfig = WebhookConfig.from(core.config().source());
        new OutboxMetrics(services.messages(), EventDestinations.names(core.config())).bindTo(metrics);
        return List.of(
                new PingResource(core.database()),
                new MetricsResource(metrics, metricsPublic, caller -> core.database().readOnly(tx -> core.permissions().isAdmin(tx, caller)),
                        catalogueMetrics(core, metrics)),
                new AuthResource(core.auth(), clientCertificates),
                new AccountResource(services.accounts(), services.scopes()),
                new ScopeResource(services.scopes()),
                new DidResource(services.dids(), rules, services.followers()),
                new RseResource(services.rses()),
                new DatasetReplicaResource(services.datasetReplicas()),
                new ReplicaResource(services.replicas(), services.importer(), services.suspicious()),
                rules,
                new SubscriptionResource(services.subscriptions(), services.rules()),
                new TransferMatrixResource(services.transferMatrix()),
                new RequestResource(services.requests(), services.transferLimits()),
                new CredentialResource(core.signing(), core.storageTokens()),
                new HeartbeatResource(services.heartbeats()),
                new LifetimeExceptionResource(services.lifetimeExceptions()),
                new ConfigResource(services.runtimeConfig()),
                new MetaConventionResource(services.metaConventions()),
                new RseCheckResource(core.storageCheck()),
                new TraceResource(services.accessTraces()),
                new RedirectResource(services.redirector()),
                new UsageResource(services.usageHistory()),
                new RseQosResource(services.qosPolicies()),
                new AuditLogResource(core.auditLogService()),
                new RegistrationResource(core.registrations(), core.auth()),
                new GroupMemberResource(services.groupMembers()),
                new ArchiveResource(services.dids().listings()),
                new DiracResource(services.dirac()),
                new MessageResource(services.messages()),
                new WebhookResource(new WebhookService(core.database(), core.permissions(), core.clock(), webhookConfig)),

                new PolicyResource(new PolicyExplainer(core.database(), core.permissions())),
                new OidcLoginResource(core.oidcLogin()),
                new WebUi(core.auth(), services, caller -> core.database().readOnly(tx -> core.permissions().isAdmin(tx, caller)),
                        AuditHook::loginOrigin, Duration.ofSeconds(1), core.oidcLogin(), core.registrations(), core.auditLogService()));
    }

    /** The catalogue's gauges, read at most every {@code metrics.catalogue-refresh} (30 s). */
    private static CatalogueMetrics catalogueMetrics(LagunaCore core, PrometheusMeterRegistry metrics) {
        ConfigSource source = core.config().source();
        return new CatalogueMetrics(new CatalogueMonitor(core.database(), Clock.systemUTC()), metrics, Clock.systemUTC(),
                source.getDuration("metrics.catalogue-refresh", Duration.ofSeconds(30)),
                source.getDuration("metrics.transfer-window", Duration.ofHours(1)));
    }

    /** Answers to reads are not to be cached: the catalogue changes under them. */
    private static void noCacheForReads(Context ctx) {
        if (ctx.method() == HandlerType.GET) {
            ctx.header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        }
    }

    public int port() {
        return app.port();
    }

    /** The port HTTPS is served on, when {@code server.https-port} is set. */
    public OptionalInt httpsPort() {
        return https.map(listener -> OptionalInt.of(listener.port())).orElse(OptionalInt.empty());
    }

    public LagunaCore core() {
        return core;
    }

    /** A registered HTTP route: its method and its path pattern as registered, e.g. {@code GET /rses/{rse}}. */
    public record Route(String method, String path) {
        public Route {
            Objects.requireNonNull(method, "method is null");
            Objects.requireNonNull(path, "path is null");
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Every HTTP route the server answers, in registration order (for tests that must cover each one). */
    public List<Route> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(parsed -> parsed.endpoint.method.isHttpMethod())
                .map(parsed -> new Route(parsed.endpoint.method.name(), parsed.endpoint.path))
                .toList();
    }

    /** The VOs other than {@code def} this server serves (none unless {@code vo.multi-vo}). */
    public Optional<VoRuntimes> vos() {
        return vos;
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            vos.ifPresent(VoRuntimes::close);
        }
    }
}
