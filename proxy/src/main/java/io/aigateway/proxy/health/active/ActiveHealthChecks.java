package io.aigateway.proxy.health.active;

import io.aigateway.model.ActiveHealthCheck;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.auth.CredentialInjector;
import io.aigateway.proxy.auth.UnsendableCredentialException;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.health.ActiveCheckResult;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.routing.TargetRuntime;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the targets of every upstream with {@code healthChecks.active}, off the request path: Vert.x timers and a
 * non-blocking client of its own, a probe every interval give or take a tenth (so that replicas and targets do not
 * probe in step), at most one probe in flight per target in this replica. Each result goes to the target's health
 * ({@link io.aigateway.proxy.health.TargetHealth#onActiveCheck}), whose breaker a failing probe opens, and to the
 * metrics. A probe carries the target's credentials, added as requests get them ({@link CredentialInjector}); no
 * log line holds them.
 *
 * <p>Each config revision gets its own probes: {@link #configServed} stops the previous revision's, and
 * {@link #close()} every one, with their timers; a probe in flight then ends without reporting.
 */
public final class ActiveHealthChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActiveHealthChecks.class);
    /** The jitter on each interval, as a fraction of it either way. */
    private static final double JITTER = 0.1;

    private final Vertx vertx;
    private final HttpClient client;
    private final CredentialInjector credentials;
    private final ProxyMetrics metrics;
    private final Clock clock;
    /** Per target, whether a probe is in flight: shared by revisions, so two revisions never probe at once. */
    private final Map<TargetKey, AtomicBoolean> inFlight = new ConcurrentHashMap<>();
    /** Timers set and neither fired nor cancelled yet. */
    private final AtomicInteger pendingTimers = new AtomicInteger();
    private List<Prober> probers = List.of();
    private boolean closed;

    public ActiveHealthChecks(Vertx vertx, CredentialInjector credentials, ProxyMetrics metrics, Clock clock) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setVerifyHost(true).setKeepAlive(true)
                .setDecompressionSupported(true));
        this.credentials = credentials;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Stops the probes of the previous revision and starts those of this one. */
    public synchronized void configServed(RuntimeConfig config) {
        if (closed) {
            return;
        }
        probers.forEach(Prober::stop);
        List<Prober> started = new ArrayList<>();
        Set<TargetKey> keys = new HashSet<>();
        for (Upstream upstream : config.config().upstreams()) {
            ActiveHealthCheck check = upstream.healthChecks().active();
            if (check == null) {
                continue;
            }
            for (TargetRuntime runtime : config.planner(upstream.name()).targets()) {
                ProbeRequest probe = ProbeRequest.of(runtime.target(), check);
                if (probe == null) {
                    continue;
                }
                TargetKey key = new TargetKey(upstream.name(), runtime.target().name());
                keys.add(key);
                Prober prober = new Prober(runtime, check, probe, config.credentials(),
                        inFlight.computeIfAbsent(key, k -> new AtomicBoolean()));
                started.add(prober);
                // The first probe soon, within the first tenth of the interval, so that a dead target is found
                // before requests find it.
                long tenth = Math.max(1, Math.round(check.intervalSeconds() * 1000L * JITTER));
                prober.schedule(1 + ThreadLocalRandom.current().nextLong(tenth));
            }
        }
        inFlight.keySet().retainAll(keys);
        probers = List.copyOf(started);
    }

    /** Targets being probed under the revision served. */
    public synchronized int probedTargets() {
        return probers.size();
    }

    /** Probe timers set and not yet fired or cancelled: zero once closed, or once no revision has probes. */
    public int pendingTimers() {
        return pendingTimers.get();
    }

    /** Stops every probe; a probe in flight ends without reporting. */
    @Override
    public synchronized void close() {
        closed = true;
        probers.forEach(Prober::stop);
        probers = List.of();
        client.close();
    }

    /** Around {@code millis}, within {@link #JITTER} of it either way; at least 1. */
    private static long jittered(double millis) {
        double factor = 1 + JITTER * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        return Math.max(1, Math.round(millis * factor));
    }

    /** The probes of one target under one revision. */
    private final class Prober {
        private final TargetRuntime runtime;
        private final ActiveHealthCheck check;
        private final ProbeRequest probe;
        private final Map<String, String> entries;
        private final AtomicBoolean busy;
        private volatile boolean stopped;
        private long timer = -1;
        private String lastError;

        Prober(TargetRuntime runtime, ActiveHealthCheck check, ProbeRequest probe, Map<String, String> entries,
                AtomicBoolean busy) {
            this.runtime = runtime;
            this.check = check;
            this.probe = probe;
            this.entries = entries;
            this.busy = busy;
        }

        synchronized void schedule(long delayMillis) {
            if (stopped) {
                return;
            }
            pendingTimers.incrementAndGet();
            timer = vertx.setTimer(delayMillis, id -> {
                pendingTimers.decrementAndGet();
                probeOnce();
            });
        }

        synchronized void stop() {
            stopped = true;
            if (timer >= 0 && vertx.cancelTimer(timer)) {
                pendingTimers.decrementAndGet();
            }
        }

        private void probeOnce() {
            if (stopped) {
                return;
            }
            if (!busy.compareAndSet(false, true)) {
                // The previous revision's probe of this target is still out: try again next interval.
                scheduleNext();
                return;
            }
            Target target = runtime.target();
            Instant at = clock.instant();
            long start = System.nanoTime();
            long timeoutMillis = check.timeoutSeconds() * 1000L;
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.GET)
                    .setHost(target.endpoint().host())
                    .setPort(target.endpoint().port())
                    .setSsl("https".equals(target.endpoint().protocol()))
                    .setURI(probe.uri())
                    .setHeaders(HttpHeaders.headers().addAll(probe.headers()))
                    .setConnectTimeout(timeoutMillis);
            Future<Void> authorized;
            try {
                authorized = credentials.authorize(target, entries, "GET", probe.uri(), options.getHeaders(), null);
            } catch (IllegalStateException | UnsendableCredentialException e) {
                // An entry missing (a validated config prevents it), or a value no header can carry: requests to
                // this target fail the same way, so the probe fails, saying why without the value.
                report(at, start, "credentials unusable");
                return;
            }
            // A Vertex AI target's access token may take an exchange first; one that cannot be had fails the probe.
            authorized.onComplete(ok -> {
                if (ok.failed()) {
                    report(at, start, "credentials unusable");
                } else {
                    send(options, at, start, timeoutMillis);
                }
            });
        }

        private void send(RequestOptions options, Instant at, long start, long timeoutMillis) {
            Promise<HttpClientRequest> opened = Promise.promise();
            client.request(options)
                    .onSuccess(opened::tryComplete)
                    .compose(req -> req.send())
                    .compose(resp -> drained(resp).map(resp.statusCode()))
                    .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                    .onComplete(outcome -> {
                        if (outcome.failed()) {
                            opened.future().onSuccess(HttpClientRequest::reset);
                        }
                        report(at, start, outcome.succeeded()
                                ? (outcome.result() == check.expectedStatus() ? null : String.valueOf(outcome.result()))
                                : errorKind(outcome.cause()));
                    });
        }

        private void report(Instant at, long startNanos, String error) {
            busy.set(false);
            if (stopped) {
                return;
            }
            Duration latency = Duration.ofNanos(System.nanoTime() - startNanos);
            runtime.health().onActiveCheck(new ActiveCheckResult(at, latency, error));
            metrics.activeCheck(runtime.upstream(), runtime.target(), error == null, latency.toNanos());
            logChange(error);
            scheduleNext();
        }

        private void scheduleNext() {
            schedule(jittered(check.intervalSeconds() * 1000.0));
        }

        /** Reads the answer to its end without keeping it, so the connection can be reused. */
        private Future<Void> drained(HttpClientResponse resp) {
            resp.handler(ignored -> { });
            return resp.end();
        }

        private void logChange(String error) {
            if (error == null ? lastError != null : !error.equals(lastError)) {
                if (error == null) {
                    LOG.info("Active check of {} passes again", runtime);
                } else {
                    LOG.warn("Active check of {} failed: {} (GET {})", runtime, error, pathOnly(probe.uri()));
                }
            }
            lastError = error;
        }
    }

    private static String errorKind(Throwable e) {
        if (e instanceof TimeoutException || e instanceof ConnectTimeoutException) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        return "connection failed";
    }

    /** The path without its query, for logs. */
    private static String pathOnly(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
