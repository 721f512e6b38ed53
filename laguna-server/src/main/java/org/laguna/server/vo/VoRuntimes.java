package org.laguna.server.vo;

import jakarta.servlet.Servlet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Caller;
import org.laguna.core.vo.VoCatalogue;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The VOs other than {@code def} a server serves, each on a runtime of its own: a core over the
 * VO's schema, the same routes as the default VO's (a servlet the server hands the VO's requests
 * to, see {@code VoDispatch}) and its own daemons. Adding a VO creates its catalogue and root and
 * starts its runtime; the server's start opens every VO the default VO's catalogue lists.
 */
public final class VoRuntimes implements AutoCloseable {
    /** For servers that run no daemons (tests, {@code --no-daemons}). */
    public static final Function<LagunaCore, AutoCloseable> NO_DAEMONS = core -> () -> { };

    private static final Logger LOG = LoggerFactory.getLogger(VoRuntimes.class);

    private final LagunaCore defaultCore;
    private final VoCatalogue catalogue;
    private final Function<LagunaCore, Servlet> routes;
    private final Function<LagunaCore, AutoCloseable> daemons;
    private final Map<String, Runtime> runtimes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** One VO's core, the servlet answering its requests, and its daemons. */
    public record Runtime(String vo, LagunaCore core, Servlet servlet, AutoCloseable daemons) {
        public Runtime {
            Objects.requireNonNull(vo, "vo is null");
            Objects.requireNonNull(core, "core is null");
            Objects.requireNonNull(servlet, "servlet is null");
            Objects.requireNonNull(daemons, "daemons is null");
        }
    }

    public VoRuntimes(LagunaCore defaultCore, Function<LagunaCore, Servlet> routes, Function<LagunaCore, AutoCloseable> daemons) {
        this.defaultCore = Objects.requireNonNull(defaultCore, "defaultCore is null");
        this.catalogue = new VoCatalogue(defaultCore.database());
        this.routes = Objects.requireNonNull(routes, "routes is null");
        this.daemons = Objects.requireNonNull(daemons, "daemons is null");
    }

    /** The runtime of a VO served here, if it is one. */
    public Optional<Runtime> get(String vo) {
        return Optional.ofNullable(runtimes.get(vo));
    }

    /** Where VOs are recorded. */
    public VoCatalogue catalogue() {
        return catalogue;
    }

    /** Opens every VO the default VO's catalogue lists and is not open yet (at start, and to follow another node's additions). */
    public synchronized void openAll() {
        for (String vo : catalogue.others()) {
            if (!runtimes.containsKey(vo)) {
                open(vo);
            }
        }
    }

    /**
     * Adds a VO: its catalogue (schema {@code vo_<name>}, migrated), its root account (SERVICE,
     * admin) holding super_root's identities, its record in the default VO's {@code vos}, then its
     * runtime. Duplicate if it exists; a failed attempt can be repeated.
     */
    public synchronized void add(String vo, String description, String email) {
        if (closed) {
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "The server is stopping");
        }
        catalogue.checkNew(vo, description, email);
        LagunaCore core = defaultCore.openVo(vo);
        try {
            VoCatalogue.createRoot(core.database(), core.config().rootUsername(), email, catalogue.superRootIdentities());
            catalogue.add(vo, description, email);
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        start(vo, core);
        LOG.info("VO {} added", vo);
    }

    /**
     * Gives the root account of a VO another identity (Rucio's recover of a VO's root identity).
     * VONotFound if the VO is not served here.
     */
    public void recoverRoot(String vo, String identity, String type, String email, String password, boolean isDefault) {
        VoCatalogue.checkName(vo);
        Runtime runtime = get(vo).orElseThrow(() -> new LagunaException(ErrorCode.VO_NOT_FOUND, "VO " + vo + " not found"));
        String root = runtime.core().config().rootUsername();
        runtime.core().services().accounts().addIdentity(Caller.system(root), root, identity, type, email, password, isDefault);
    }

    private void open(String vo) {
        start(vo, defaultCore.openVo(vo));
    }

    private void start(String vo, LagunaCore core) {
        try {
            Servlet servlet = routes.apply(core);
            AutoCloseable started = daemons.apply(core);
            runtimes.put(vo, new Runtime(vo, core, servlet, started));
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    /** Stops every VO's daemons and closes its core (the default VO's stays open). */
    @Override
    public synchronized void close() {
        closed = true;
        List<RuntimeException> failures = new ArrayList<>();
        for (Runtime runtime : runtimes.values()) {
            try {
                runtime.daemons().close();
            } catch (Exception e) {
                failures.add(e instanceof RuntimeException r ? r : new IllegalStateException(e));
            }
            try {
                runtime.core().close();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        runtimes.clear();
        if (!failures.isEmpty()) {
            throw failures.getFirst();
        }
    }
}
