package io.aigateway.proxy.metrics;

import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.config.ConfigHolder;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.health.LatencyWindow;
import io.aigateway.proxy.limits.RateLimitStores;
import io.aigateway.proxy.routing.TargetRuntime;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The proxy's meters, in one Prometheus registry served on the admin port. Names follow the OpenTelemetry GenAI
 * semantic conventions where one exists ({@code gen_ai.*}, with their attribute names as labels), Prometheus style
 * otherwise ({@code aigw_*}); docs/metrics.md lists them all.
 *
 * <p>The request path records through methods that find their meter in a map keyed by the label values: one hash
 * lookup per meter, no meter id built, once the series exists. Thread-safe.
 */
public final class ProxyMetrics implements AutoCloseable {

    /** The Prometheus text format {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** OpenTelemetry's advice for {@code gen_ai.server.request.duration} and {@code gen_ai.client.operation.duration}. */
    private static final Duration[] DURATION_BUCKETS = seconds(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56,
            5.12, 10.24, 20.48, 40.96, 81.92);
    /** OpenTelemetry's advice for {@code gen_ai.server.time_to_first_token}. */
    private static final Duration[] FIRST_TOKEN_BUCKETS = seconds(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1,
            0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
    /** OpenTelemetry's advice for {@code gen_ai.client.token.usage}: powers of 4 from 1 to 4^13. */
    private static final double[] TOKEN_BUCKETS = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576,
        4194304, 16777216, 67108864};
    private static final String[] STATUS_CLASSES = {"1xx", "1xx", "2xx", "3xx", "4xx", "5xx"};
    /** The status class of a response that was cut before it completed. */
    public static final String CUT = "cut";

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ModelLabels models;
    private final MultiGauge targetHealth;
    private final MultiGauge targetLatency;
    private final Family<Series, Counter> requests;
    private final Family<Series, Timer> requestDurations;
    private final Family<Series, Timer> firstTokens;
    private final Family<Series, Timer> attempts;
    private final Family<Series, DistributionSummary> tokens;
    private final Family<Failover, Counter> failovers;
    private final Family<TargetEvent, Counter> breakerTransitions;
    private final Family<TargetEvent, Timer> activeChecks;
    private final Family<Limited, Counter> limited;
    private final Family<UsageRefusal, Counter> usageRefusals;

    public ProxyMetrics() {
        this(ModelLabels.DEFAULT_LIMIT);
    }

    public ProxyMetrics(int modelLabelLimit) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.models = new ModelLabels(modelLabelLimit);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        targetHealth = MultiGauge.builder("aigw.target.healthy")
                .description("1 while the target's circuit breaker is closed in this replica, 0 while it is open or "
                        + "half-open")
                .register(registry);
        targetLatency = MultiGauge.builder("aigw.target.latency")
                .description("The latency the lowest-latency algorithm routes by: the target's answers over the "
                        + "upstream's window at its percentile (to the first byte for streams); NaN before the first")
                .baseUnit("seconds")
                .register(registry);
        requests = new Family<>(s -> Counter.builder("aigw.requests")
                .description("Client requests answered, by the status class the client received")
                .tags(s.gatewayAndRule())
                .tag("provider", s.provider == null ? RequestLabels.NONE : ProviderNames.config(s.provider))
                .tag("target", s.target)
                .tag("model", s.labels.model())
                .tag("status_class", s.detail)
                .register(registry));
        requestDurations = new Family<>(s -> Timer.builder("gen_ai.server.request.duration")
                .description("Client requests from arrival to the last byte of the answer")
                .tags(s.genAi())
                .tag("error.type", s.detail)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry));
        firstTokens = new Family<>(s -> Timer.builder("gen_ai.server.time_to_first_token")
                .description("Streamed answers from the request's arrival to the first byte of the first event sent")
                .tags(s.genAi())
                .serviceLevelObjectives(FIRST_TOKEN_BUCKETS)
                .register(registry));
        attempts = new Family<>(s -> Timer.builder("gen_ai.client.operation.duration")
                .description("Each attempt at a target, from sending the request to the end of its answer or its "
                        + "failure")
                .tags(s.genAiClient())
                .tag("error.type", s.detail)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry));
        tokens = new Family<>(s -> DistributionSummary.builder("gen_ai.client.token.usage")
                .description("Input and output tokens per answer, from the usage the answer reports")
                .tags(s.genAiClient())
                .tag("gen_ai.token.type", s.detail)
                .serviceLevelObjectives(TOKEN_BUCKETS)
                .register(registry));
        failovers = new Family<>(f -> Counter.builder("aigw.failovers")
                .description("Requests moved from a failed target to the next one")
                .tag("gateway", f.gateway)
                .tag("rule", f.rule)
                .tag("from", f.from)
                .tag("to", f.to)
                .tag("reason", f.reason)
                .register(registry));
        breakerTransitions = new Family<>(e -> Counter.builder("aigw.breaker.transitions")
                .description("Circuit breaker phase changes of a target in this replica, by the phase entered")
                .tags(e.tags())
                .tag("state", e.detail)
                .register(registry));
        activeChecks = new Family<>(e -> Timer.builder("aigw.active.checks")
                .description("Active health probes of a target, by result, from sending to the answer's status")
                .tags(e.tags())
                .tag("result", e.detail)
                .serviceLevelObjectives(DURATION_BUCKETS)
                .register(registry));
        limited = new Family<>(l -> Counter.builder("aigw.target.limited")
                .description("Targets skipped for a request because they were at a limit: one of their own "
                        + "rateLimit, or the provider's budget its rate-limit headers reported spent")
                .tag("gateway", l.gateway)
                .tag("rule", l.rule)
                .tag("target", l.target)
                .tag("limit", l.limit)
                .register(registry));
        usageRefusals = new Family<>(r -> Counter.builder("aigw.key.limited")
                .description("Requests refused before they were sent: at a limit or budget of their client key or "
                        + "rule (429), or while the shared rate-limit store could not be reached in failMode "
                        + "closed (503)")
                .tag("gateway", r.gateway)
                .tag("rule", r.rule)
                .tag("limit", r.limit)
                .register(registry));
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Every meter in the Prometheus text format. Blocking work: call it off the event loop. */
    public String scrape() {
        return registry.scrape();
    }

    /** The {@code model} label for a requested model, bounded. */
    public String modelLabel(String model) {
        return models.of(model);
    }

    /** Exports the config counters and gauge of this holder. */
    public void watch(ConfigHolder configs) {
        FunctionCounter.builder("aigw.config.reloads", configs, ConfigHolder::acceptedCount)
                .description("Config versions swapped in, the first one included")
                .register(registry);
        FunctionCounter.builder("aigw.config.refused", configs, ConfigHolder::refusedCount)
                .description("Config versions refused (invalid, unknown schema, missing credential entries); the "
                        + "last good one keeps serving")
                .register(registry);
        Gauge.builder("aigw.config.loaded", configs, c -> c.current() == null ? 0 : 1)
                .description("1 once a valid config is served")
                .register(registry);
    }

    /**
     * Exports whether the rate-limit store in use answers, and the calls to shared stores that failed or timed out;
     * follows the store as config changes swap it.
     */
    public void watch(RateLimitStores stores) {
        Gauge.builder("aigw.rate.limit.store.available", stores, s -> s.available() ? 1 : 0)
                .description("1 while the rate-limit store answers (always, for the local store); 0 while the "
                        + "shared one (Redis) does not and requests are counted by each replica alone (failMode "
                        + "open) or refused (failMode closed)")
                .register(registry);
        FunctionCounter.builder("aigw.rate.limit.store.errors", stores, RateLimitStores::errors)
                .description("Calls to the shared rate-limit store that failed or outlasted their timeout")
                .register(registry);
    }

    /**
     * Points the target health gauge at the targets of the config now served; targets that left the config leave
     * the scrape. Called on every config swap; reads the current config under the lock, so racing swaps end with
     * the last one.
     */
    public synchronized void configServed(ConfigHolder configs) {
        RuntimeConfig config = configs.current();
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        List<MultiGauge.Row<?>> latencies = new ArrayList<>();
        String gateway = config.config().gateway();
        for (Upstream upstream : config.config().upstreams()) {
            for (TargetRuntime runtime : config.planner(upstream.name()).targets()) {
                Target target = runtime.target();
                Tags tags = Tags.of("gateway", gateway, "upstream", upstream.name(), "target", target.name(),
                        "provider", ProviderNames.config(target.provider()));
                rows.add(MultiGauge.Row.of(tags, runtime.health(), h -> h.isHealthy() ? 1 : 0));
                if (runtime.latency() != null) {
                    latencies.add(MultiGauge.Row.of(tags, runtime.latency(), w -> {
                        LatencyWindow.Snapshot latency = w.snapshot();
                        return latency.samples() == 0 ? Double.NaN : latency.percentileNanos() / 1e9;
                    }));
                }
            }
        }
        targetHealth.register(rows, true);
        targetLatency.register(latencies, true);
    }

    /**
     * One client request answered.
     *
     * @param target who answered; null when the gateway answered itself (a refusal, or every target failed)
     * @param status the status the client received; negative when the answer was cut before it completed
     */
    public void request(RequestLabels labels, Target target, int status, long nanos) {
        String statusClass = status < 0 ? CUT : STATUS_CLASSES[Math.min(status / 100, 5)];
        String errorType = status < 0 ? CUT : status >= 400 ? Integer.toString(status) : "";
        requests.get(new Series(labels, target, statusClass)).increment();
        requestDurations.get(new Series(labels, target, errorType)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The first byte of a streamed answer went to the client, {@code nanos} after the request arrived. */
    public void timeToFirstToken(RequestLabels labels, Target target, long nanos) {
        firstTokens.get(new Series(labels, target, "")).record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * One attempt at a target ended.
     *
     * @param errorType empty when the target answered, otherwise why the attempt failed
     */
    public void attempt(RequestLabels labels, Target target, String errorType, long nanos) {
        attempts.get(new Series(labels, target, errorType)).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The token usage an answer reported. */
    public void tokens(RequestLabels labels, Target target, long input, long output) {
        tokens.get(new Series(labels, target, "input")).record(input);
        tokens.get(new Series(labels, target, "output")).record(output);
    }

    /** A target skipped at a limit: {@code requestsPerMinute}, {@code tokensPerMinute}, … or {@code provider}. */
    public void limited(RequestLabels labels, Target target, String limit) {
        limited.get(new Limited(labels.gateway(), labels.rule(), target.name(), limit)).increment();
    }

    /**
     * A request refused at a client key's or rule's {@code limit} ({@code key.tokensPerDay},
     * {@code rule.requestsPerMinute}, {@code key.budget}, or {@code storeUnavailable}). No key label: keys are
     * many and come and go, the rule and the limit say where to look.
     */
    public void usageRefused(RequestLabels labels, String limit) {
        usageRefusals.get(new UsageRefusal(labels.gateway(), labels.rule(), limit)).increment();
    }

    /** A request moves on from a failed target to the next one. */
    public void failover(RequestLabels labels, String from, String to, String reason) {
        failovers.get(new Failover(labels.gateway(), labels.rule(), from, to, reason)).increment();
    }

    /** A target's circuit breaker entered {@code phase} ({@code closed}, {@code open}, {@code half-open}). */
    public void breakerTransition(String upstream, String target, String phase) {
        breakerTransitions.get(new TargetEvent(upstream, target, phase)).increment();
    }

    /** A probe of a target ended, {@code nanos} after it was sent. */
    public void activeCheck(String upstream, Target target, boolean passed, long nanos) {
        activeChecks.get(new TargetEvent(upstream, target.name(), passed ? "pass" : "fail"))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private static Duration[] seconds(double... values) {
        Duration[] out = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return out;
    }

    /** Meters of one name by their label values; a series is registered once, on first use. */
    private static final class Family<K, M> {
        private final ConcurrentHashMap<K, M> meters = new ConcurrentHashMap<>();
        private final Function<K, M> register;

        Family(Function<K, M> register) {
            this.register = register;
        }

        M get(K key) {
            M meter = meters.get(key);
            return meter != null ? meter : meters.computeIfAbsent(key, register);
        }
    }

    /** The label values of one per-request series; {@code detail} is the one label its meter adds. */
    private record Series(RequestLabels labels, String target, Provider provider, String host, String detail) {

        Series(RequestLabels labels, Target target, String detail) {
            this(labels, target == null ? RequestLabels.NONE : target.name(),
                    target == null ? null : target.provider(), target == null ? "" : target.endpoint().host(),
                    detail);
        }

        Tags gatewayAndRule() {
            return Tags.of("gateway", labels.gateway(), "rule", labels.rule());
        }

        /** The labels every gen_ai meter carries: OpenTelemetry's attributes plus the gateway's own. */
        Tags genAi() {
            return gatewayAndRule().and(
                    "target", target,
                    "gen_ai.operation.name", labels.operation(),
                    "gen_ai.provider.name", provider == null ? RequestLabels.NONE : ProviderNames.otel(provider),
                    "gen_ai.request.model", labels.model());
        }

        /** The gen_ai labels plus the target's host, for the meters of calls to a target. */
        Tags genAiClient() {
            return genAi().and("server.address", host);
        }
    }

    private record Failover(String gateway, String rule, String from, String to, String reason) {
    }

    /** The label values of a per-target series; {@code detail} is the one label its meter adds. */
    private record TargetEvent(String upstream, String target, String detail) {
        Tags tags() {
            return Tags.of("upstream", upstream, "target", target);
        }
    }

    private record Limited(String gateway, String rule, String target, String limit) {
    }

    private record UsageRefusal(String gateway, String rule, String limit) {
    }
}
