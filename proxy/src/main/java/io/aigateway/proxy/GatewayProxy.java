package io.aigateway.proxy;

import io.aigateway.model.Upstream;
import io.aigateway.proxy.auth.CredentialInjector;
import io.aigateway.proxy.auth.GoogleAccessTokens;
import io.aigateway.proxy.config.ConfigHolder;
import io.aigateway.proxy.config.ConfigSource;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.health.HealthRegistry;
import io.aigateway.proxy.health.active.ActiveHealthChecks;
import io.aigateway.proxy.http.AdminHandler;
import io.aigateway.proxy.http.ClientConnections;
import io.aigateway.proxy.http.Deadlines;
import io.aigateway.proxy.http.InFlight;
import io.aigateway.proxy.http.ProxyRequestHandler;
import io.aigateway.proxy.http.upstream.UpstreamClient;
import io.aigateway.proxy.limits.LimitRegistry;
import io.aigateway.proxy.limits.LocalWindowCounters;
import io.aigateway.proxy.limits.RateLimitStores;
import io.aigateway.proxy.limits.RedisWindowCounters;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.ContextInternal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running proxy: serves the config its source provides, swapping in each valid new version, and its metrics and
 * probes on the admin port. {@link #shutdown(Duration)} drains it gracefully, {@link #close()} stops it at once.
 */
public final class GatewayProxy {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayProxy.class);

    private final Vertx vertx;
    private final ConfigSource source;
    private final ConfigHolder configs;
    private final HealthRegistry health;
    private final ActiveHealthChecks probes;
    private final LimitRegistry limits;
    private final RateLimitStores stores;
    private final ProxyMetrics metrics;
    private final InFlight inFlight;
    private final HttpServer admin;
    private final int port;
    private final String deploymentId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Future<Void> shutdown;
    private static final AtomicInteger SHARED_RANDOM_PORTS = new AtomicInteger();

    private GatewayProxy(Vertx vertx, ConfigSource source, ConfigHolder configs, HealthRegistry health,
            ActiveHealthChecks probes, LimitRegistry limits, RateLimitStores stores, ProxyMetrics metrics,
            InFlight inFlight, HttpServer admin, int port, String deploymentId) {
        this.vertx = vertx;
        this.source = source;
        this.configs = configs;
        this.health = health;
        this.probes = probes;
        this.limits = limits;
        this.stores = stores;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.admin = admin;
        this.port = port;
        this.deploymentId = deploymentId;
    }

    /**
     * The Vert.x options a proxy process starts with: Netty's epoll transport where the platform has it (Linux on
     * x86-64 and arm64), which makes fewer system calls and less garbage per request than the JDK's selector;
     * elsewhere Vert.x falls back to the JDK's and {@link #start} logs it.
     */
    public static VertxOptions vertxOptions() {
        return new VertxOptions().setPreferNativeTransport(true);
    }

    /** Starts listening and watching the source; completes once both ports are bound. */
    public static Future<GatewayProxy> start(Vertx vertx, ProxyOptions options, ConfigSource source) {
        return start(vertx, options, source, Clock.systemUTC());
    }

    /**
     * As {@link #start(Vertx, ProxyOptions, ConfigSource)}, on {@code clock}: the time requests see (client key
     * expiry, answers' {@code created}, signatures, provider access tokens' expiry).
     */
    public static Future<GatewayProxy> start(Vertx vertx, ProxyOptions options, ConfigSource source, Clock clock) {
        // Per replica: a limit of R lets each of a gateway's N replicas send R, R x N in all.
        return start(vertx, options, source, clock, new LocalWindowCounters(clock));
    }

    /**
     * As {@link #start(Vertx, ProxyOptions, ConfigSource, Clock)}, counting limits in {@code counters} while the
     * served config names no {@code rateLimitStore} (one that does gets a {@link RedisWindowCounters} of its own,
     * closed by this proxy): for instance a {@link RedisWindowCounters} shared by replicas, which its caller closes
     * after this proxy.
     */
    public static Future<GatewayProxy> start(Vertx vertx, ProxyOptions options, ConfigSource source, Clock clock,
            WindowCounters counters) {
        ProxyMetrics metrics = new ProxyMetrics();
        HealthRegistry health = new HealthRegistry(
                (key, phase) -> metrics.breakerTransition(key.upstream(), key.target(), phase.label()));
        GoogleAccessTokens googleTokens = new GoogleAccessTokens(vertx, clock);
        ActiveHealthChecks probes = new ActiveHealthChecks(vertx, new CredentialInjector(clock, googleTokens),
                metrics, clock);
        RateLimitStores stores = new RateLimitStores(vertx, clock, counters);
        metrics.watch(stores);
        LimitRegistry limits = new LimitRegistry(stores, clock);
        ConfigHolder configs = new ConfigHolder(vertx, health, served -> {
            // First: the limits below count in the store this config names.
            stores.serve(served.current().config(), served.current().credentials());
            metrics.configServed(served);
            probes.configServed(served.current());
            limits.serve(served.current().config().upstreams());
        });
        metrics.watch(configs);
        InFlight inFlight = new InFlight();
        int loops = options.effectiveEventLoops();
        // Every instance listens on the same port on its own event loop; Vert.x spreads connections among them.
        // Port 0 is never shared by Vert.x, a negative port is: the instances of this proxy share one random port
        // that no other server asks for.
        int port = options.port() > 0 ? options.port() : -SHARED_RANDOM_PORTS.incrementAndGet();
        List<ProxyVerticle> instances = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
                    ProxyVerticle v = new ProxyVerticle(configs, metrics, inFlight, limits, stores, options.host(),
                            port, clock, googleTokens);
                    instances.add(v);
                    return v;
                }, new DeploymentOptions().setInstances(loops))
                .map(id -> new String[] {id, null})
                .compose(ids -> vertx.createHttpServer(new HttpServerOptions().setHost(options.host())
                                .setPort(options.adminPort()))
                        .requestHandler(new AdminHandler(vertx, configs, metrics, inFlight))
                        .listen()
                        .map(adminServer -> new GatewayProxy(vertx, source, configs, health, probes, limits,
                                stores, metrics, inFlight, adminServer, instances.get(0).actualPort(), ids[0])))
                .compose(proxy -> vertx.executeBlocking(() -> {
                    // Sources read files or list from the API server on start: a blocking call.
                    source.start(configs::offer);
                    return proxy;
                }, false))
                .onSuccess(p -> LOG.info("Gateway proxy listening on {}:{} ({} event loops, {} transport), admin on {}",
                        options.host(), p.port(), loops, transport(vertx), p.adminPort()))
                .onFailure(e -> {
                    probes.close();
                    stores.close();
                    metrics.close();
                });
    }

    private static String transport(Vertx vertx) {
        if (vertx.isNativeTransportEnabled()) {
            return "epoll";
        }
        Throwable unavailable = vertx.unavailableNativeTransportCause();
        return unavailable == null ? "JDK NIO" : "JDK NIO (epoll unavailable: " + unavailable + ")";
    }

    /** The port client traffic arrives on (the bound one when 0 was asked). */
    public int port() {
        return port;
    }

    public int adminPort() {
        return admin.actualPort();
    }

    /** The config being served; null before the first valid one. */
    public RuntimeConfig currentConfig() {
        return configs.current();
    }

    /** How many config versions were refused (invalid, unknown schema, missing credential entries). */
    public long refusedConfigs() {
        return configs.refusedCount();
    }

    /** What this proxy learnt of its targets' health; read by status reporting, never on the request path. */
    public HealthRegistry health() {
        return health;
    }

    /** The active health checks of the config being served. */
    public ActiveHealthChecks activeChecks() {
        return probes;
    }

    /** What this replica sees of its targets' limits; read by status reporting, never on the request path. */
    public LimitRegistry limits() {
        return limits;
    }

    /**
     * The store every limit counts in, as the served config names it: {@code current()} for reads (status usage),
     * {@code available()} for the store's condition. Never on the request path.
     */
    public RateLimitStores rateLimitStore() {
        return stores;
    }

    public long acceptedConfigs() {
        return configs.acceptedCount();
    }

    /** The meters this proxy records into, served on the admin port's {@code /metrics}. */
    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Drains, then closes: {@code /readyz} answers 503 at once, new requests are refused with 503 and
     * {@code Connection: close} in the client's error format, and the requests and streams in flight may finish for
     * up to {@code grace}; then everything closes as {@link #close()} does, cutting what is still running. Vert.x 4's
     * HttpServer has no graceful close of its own: closing it cuts every connection. Completes once closed; calling
     * it again returns the same future.
     */
    public synchronized Future<Void> shutdown(Duration grace) {
        if (shutdown == null) {
            LOG.info("Shutting down: {} requests in flight may finish within {}", inFlight.count(), grace);
            Promise<Void> drainedOrLate = Promise.promise();
            long timer = vertx.setTimer(Math.max(1, grace.toMillis()), id -> drainedOrLate.tryComplete());
            inFlight.drain().onComplete(drainedOrLate);
            shutdown = drainedOrLate.future().compose(v -> {
                vertx.cancelTimer(timer);
                if (inFlight.count() > 0) {
                    LOG.warn("Grace of {} passed with {} requests in flight; cutting them", grace, inFlight.count());
                }
                return close();
            });
        }
        return shutdown;
    }

    /** Closes at once: requests and streams in flight are cut. */
    public Future<Void> close() {
        if (!closed.compareAndSet(false, true)) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
                    source.close();
                    probes.close();
                    return null;
                }, false)
                .transform(ar -> Future.join(undeploy(), admin.close()))
                .onComplete(ar -> {
                    stores.close();
                    metrics.close();
                })
                .mapEmpty();
    }

    private Future<Void> undeploy() {
        return vertx.undeploy(deploymentId);
    }

    /** One event loop's server and upstream client; instances share the listening port. */
    private static final class ProxyVerticle extends AbstractVerticle {
        private final ConfigHolder configs;
        private final ProxyMetrics metrics;
        private final InFlight inFlight;
        private final LimitRegistry limits;
        private final RateLimitStores stores;
        private final String host;
        private final int port;
        private final Clock clock;
        private final GoogleAccessTokens googleTokens;
        private HttpServer server;
        private UpstreamClient client;

        ProxyVerticle(ConfigHolder configs, ProxyMetrics metrics, InFlight inFlight, LimitRegistry limits,
                RateLimitStores stores, String host, int port, Clock clock, GoogleAccessTokens googleTokens) {
            this.clock = clock;
            this.googleTokens = googleTokens;
            this.configs = configs;
            this.metrics = metrics;
            this.inFlight = inFlight;
            this.limits = limits;
            this.stores = stores;
            this.host = host;
            this.port = port;
        }

        int actualPort() {
            return server.actualPort();
        }

        @Override
        public void start(Promise<Void> started) {
            // Unbounded: each target's ConnectionSlots bound its requests and queue the excess with a wait limit of
            // their own, apart from the connect timeout.
            client = new UpstreamClient((ContextInternal) context);
            Deadlines deadlines = new Deadlines(vertx);
            ClientConnections connections = new ClientConnections(deadlines, configs);
            server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost(host)
                            .setPort(port)
                            .setTcpNoDelay(true)
                            .setHandle100ContinueAutomatically(false)
                            .setCompressionSupported(false)
                            // HTTP/1.1 only, one request at a time per connection, as the client timeouts count;
                            // and so a connection is handed to them on accept, not once an h2c upgrade is ruled out.
                            .setHttp2ClearTextEnabled(false))
                    .connectionHandler(connections)
                    .requestHandler(connections.serving(
                            new ProxyRequestHandler(configs, client, clock, metrics, inFlight, limits, stores,
                                    googleTokens, deadlines)));
            server.listen().<Void>mapEmpty().onComplete(started);
        }

        @Override
        public void stop(Promise<Void> stopped) {
            Future.join(server.close(), client.close()).<Void>mapEmpty().onComplete(stopped);
        }
    }
}
