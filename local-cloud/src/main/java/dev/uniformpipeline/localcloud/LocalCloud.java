package dev.uniformpipeline.localcloud;

import com.sun.net.httpserver.HttpServer;
import dev.uniformpipeline.localcloud.faults.Faults;
import dev.uniformpipeline.localcloud.http.FrontDoor;
import dev.uniformpipeline.localcloud.http.TlsProbeGuard;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for the AWS control planes on one HTTP port of 127.0.0.1, speaking the real wire protocols:
 * point the AWS SDK (endpoint override, any static credentials) or the {@code aws} CLI ({@code --endpoint-url})
 * at {@link #endpoint()}.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.builder().clockFactor(20).start()) {
 *     StsClient sts = StsClient.builder().endpointOverride(cloud.endpoint())...;
 * }
 * }</pre>
 */
public final class LocalCloud implements AutoCloseable {
    /**
     * com.sun.net.httpserver writes a response's headers and body as two segments; without TCP_NODELAY the
     * second waits for the peer's delayed ACK, which adds about 40 ms to every call (measured: p50 50 ms without,
     * 2.7 ms with). The JDK reads this property once, when its first HttpServer starts.
     */
    static final String HTTPSERVER_NODELAY = "sun.net.httpserver.nodelay";

    static {
        if (System.getProperty(HTTPSERVER_NODELAY) == null) {
            System.setProperty(HTTPSERVER_NODELAY, "true");
        }
    }

    private final Builder config;
    private final ScaledClock clock;
    private final Faults faults;
    private final List<Object> services = Collections.synchronizedList(new ArrayList<>());
    private volatile List<Object> servicesView = List.of();
    private FrontDoor frontDoor;
    private TlsProbeGuard tlsProbeGuard;
    private URI endpoint;
    private StateStore stateStore;
    private ScheduledExecutorService saver;
    private boolean started;
    private boolean closed;

    private LocalCloud(Builder b) {
        this.config = b;
        this.clock = new ScaledClock(b.clockFactor, b.clockOrigin == null ? Instant.now() : b.clockOrigin);
        this.faults = new Faults(clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port, creates every service, restores saved state and starts answering. */
    public synchronized LocalCloud start() {
        if (started) {
            throw new IllegalStateException("local-cloud already started");
        }
        started = true;
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("local-cloud could not open its internal HTTP server on 127.0.0.1", e);
        }
        try {
            // the public port: rejects TLS probes at once so registry clients fall back to plain HTTP
            tlsProbeGuard = TlsProbeGuard.start(InetAddress.getLoopbackAddress(), config.port, server.getAddress());
        } catch (IOException e) {
            server.stop(0);
            throw new UncheckedIOException("local-cloud could not listen on 127.0.0.1:" + config.port
                    + " (is another local-cloud running? use port 0 for a free port)", e);
        }
        endpoint = URI.create("http://127.0.0.1:" + tlsProbeGuard.port());
        frontDoor = new FrontDoor(server, clock, faults, config.threads);
        try {
            createServices();
            frontDoor.start();
        } catch (RuntimeException | Error e) {
            // nothing was served: release what was opened and do not save (a bad state file must survive)
            closed = true;
            stateStore = null;
            tlsProbeGuard.close();
            frontDoor.close();
            if (saver != null) {
                saver.shutdownNow();
            }
            closeServices();
            throw e;
        }
        return this;
    }

    private void createServices() {
        ServiceContext context = new ServiceContext(clock, config.runtimeMode, endpoint, config.stateDir,
                () -> servicesView);
        List<ServiceFactory> factories = new ArrayList<>(ServiceCatalog.all());
        factories.addAll(config.extraServices);
        for (ServiceFactory f : factories) {
            services.add(f.create(context));
            servicesView = List.copyOf(services);
        }
        for (Object s : servicesView) {
            frontDoor.register(s);
        }
        if (config.stateDir != null) {
            stateStore = new StateStore(config.stateDir);
            stateStore.savedClock().ifPresent(saved -> {
                if (saved.isAfter(clock.now())) {
                    clock.advance(java.time.Duration.between(clock.now(), saved));
                }
            });
            stateStore.restore(stateful());
            saver = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "local-cloud-state-saver");
                t.setDaemon(true);
                return t;
            });
            saver.scheduleWithFixedDelay(this::saveQuietly, 5, 5, TimeUnit.SECONDS);
        }
    }

    /** The base URI every client points at, e.g. {@code http://127.0.0.1:41234}. */
    public URI endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException("local-cloud not started");
        }
        return endpoint;
    }

    public ScaledClock clock() {
        return clock;
    }

    public Faults faults() {
        return faults;
    }

    /** Every service object, in creation order. */
    public List<Object> services() {
        return servicesView;
    }

    /** The service of the given class (or implementing the given interface; the last registered wins). */
    public <T> T service(Class<T> type) {
        List<Object> all = servicesView;
        for (int i = all.size() - 1; i >= 0; i--) {
            if (type.isInstance(all.get(i))) {
                return type.cast(all.get(i));
            }
        }
        throw new IllegalArgumentException("no local-cloud service is a " + type.getName());
    }

    /** Writes the state of every stateful service to the state directory now (no-op without one). */
    public void saveState() {
        if (stateStore != null) {
            stateStore.save(stateful(), clock.now());
        }
    }

    private void saveQuietly() {
        try {
            saveState();
        } catch (RuntimeException e) {
            System.getLogger(LocalCloud.class.getName()).log(System.Logger.Level.WARNING,
                    "local-cloud: periodic state save failed", e);
        }
    }

    private List<StatefulService> stateful() {
        List<StatefulService> out = new ArrayList<>();
        for (Object s : servicesView) {
            if (s instanceof StatefulService st) {
                out.add(st);
            }
        }
        return out;
    }

    /** Stops answering, saves state (with a state directory) and closes every service. */
    @Override
    public synchronized void close() {
        if (!started || closed) {
            return;
        }
        closed = true;
        tlsProbeGuard.close();
        frontDoor.close();
        if (saver != null) {
            saver.shutdownNow();
        }
        RuntimeException failure = null;
        try {
            saveState();
        } catch (RuntimeException e) {
            failure = e;
        }
        RuntimeException closeFailure = closeServices();
        if (failure == null) {
            failure = closeFailure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException closeServices() {
        RuntimeException failure = null;
        List<Object> reversed = new ArrayList<>(servicesView);
        Collections.reverse(reversed);
        for (Object s : reversed) {
            if (s instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = new IllegalStateException("closing " + s.getClass().getSimpleName() + " failed", e);
                    }
                }
            }
        }
        return failure;
    }

    /** Configuration of a {@link LocalCloud}. */
    public static final class Builder {
        private int port;
        private double clockFactor = 1.0;
        private Instant clockOrigin;
        private Path stateDir;
        private RuntimeMode runtimeMode = RuntimeMode.SIMULATED;
        private int threads = 32;
        private final List<ServiceFactory> extraServices = new ArrayList<>();

        private Builder() {
        }

        /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Cloud seconds per wall second (default 1). 20 makes a 2-minute rollout take 6 s. */
        public Builder clockFactor(double factor) {
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("clockFactor must be a positive number, got " + factor);
            }
            this.clockFactor = factor;
            return this;
        }

        /** The cloud time at start (default: the wall time). */
        public Builder clockOrigin(Instant origin) {
            this.clockOrigin = origin;
            return this;
        }

        /** Where state is saved on close (and every few seconds) and restored from on start. */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder runtimeMode(RuntimeMode mode) {
            this.runtimeMode = mode;
            return this;
        }

        /** Size of the request thread pool (default 32). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /**
         * Adds a service beyond the built-in catalog (tests use this for fakes). It takes precedence over a built-in
         * service with the same target prefix, signing name, path prefix or spi interface.
         */
        public Builder withService(ServiceFactory factory) {
            extraServices.add(factory);
            return this;
        }

        public LocalCloud build() {
            return new LocalCloud(this);
        }

        /** {@code build().start()}. */
        public LocalCloud start() {
            return build().start();
        }
    }
}
