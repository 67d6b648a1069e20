package io.aigateway.proxy.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.AiGatewayApi;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.model.health.ActiveCheckReport;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.HealthStatusPatch;
import io.aigateway.model.health.LimitHeadroom;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.health.ActiveCheckResult;
import io.aigateway.proxy.health.HealthRegistry;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.limits.LimitRegistry;
import io.aigateway.proxy.limits.TargetLimits;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports this proxy replica's view of its targets' health (circuit breaker and last active check) into the status of the AIUpstreams it routes
 * to ({@code status.health} and {@code status.healthy}, the only status fields the proxies write).
 *
 * <p>Every {@code debounce} it compares each upstream's targets' healthy flags with what it last reported, on its
 * own daemon thread: the Kubernetes client blocks, so never on an event loop or the request path. It writes an
 * upstream's entry when a flag flipped (flaps within one poll are not seen), and otherwise not again: the writes are
 * proportional to change, not to the number of upstreams. What keeps the entries from expiring is the replica's
 * latest write on any upstream ({@link HealthAggregation#lastWrites}): every {@code renew} without another write, it
 * writes its oldest entry again, one write a renewal for all its entries. The latency a lowest-latency upstream
 * routes by goes along, as of the write (it moves too often to cause writes).
 *
 * <p>A write reads the AIUpstream, merges this replica's entry into the others and recomputes the aggregate
 * ({@link HealthAggregation}), then sends a {@link HealthStatusPatch}, which names only the proxies' fields and
 * carries the resourceVersion it read: the API server answers 409 when another replica or the operator wrote
 * meanwhile, and the write starts over from a fresh read, a bounded number of times. Entries of replicas that stopped
 * writing are the operator's to drop, since only it sees every upstream; when this replica could not write for the
 * {@code ttl}, or finds its entry gone when it renews, it takes its entries for dropped and writes them all again.
 */
public final class HealthReporter implements AutoCloseable {

    /** The field manager of the proxies' status writes. */
    public static final String FIELD_MANAGER = "aigw-proxy";

    static final ResourceDefinitionContext AI_UPSTREAMS = new ResourceDefinitionContext.Builder()
            .withGroup(AiGatewayApi.GROUP).withVersion(AiGatewayApi.VERSION).withKind(AiGatewayApi.AI_UPSTREAM_KIND)
            .withPlural(AiGatewayApi.AI_UPSTREAM_PLURAL).withNamespaced(true).build();

    private static final Logger LOG = LoggerFactory.getLogger(HealthReporter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a report waits for the limits' headroom. */
    private static final Duration LIMITS_WAIT = Duration.ofSeconds(2);
    private static final PatchContext PATCH = new PatchContext.Builder().withPatchType(PatchType.JSON)
            .withFieldManager(FIELD_MANAGER).build();

    /**
     * @param debounce how often the health is compared with what was reported
     * @param renew how long the replica may go without writing before it writes its oldest entry again, which keeps
     *     all its entries from expiring; also how often an AIUpstream found missing is tried again
     * @param ttl how long after the replica's latest write the operator drops its entries
     * @param maxAttempts writes tried per report when they conflict, before waiting for the next poll
     */
    public record Settings(Duration debounce, Duration renew, Duration ttl, int maxAttempts) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(1), Duration.ofSeconds(60),
                HealthAggregation.REPORT_TTL, 5);

        public Settings {
            if (debounce.isNegative() || debounce.isZero() || renew.compareTo(ttl) >= 0 || maxAttempts < 1) {
                throw new IllegalArgumentException("need debounce > 0, renew < ttl and maxAttempts >= 1");
            }
        }
    }

    /** What was last written for an upstream: its targets' healthy flags, and when. */
    private record Reported(Map<String, Boolean> flags, Instant at) {
    }


    /** A target's healthy flag as last seen, and when it took that value. */
    private record Seen(boolean healthy, String since) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String replica;
    private final Supplier<List<Upstream>> upstreams;
    private final Supplier<Map<TargetKey, TargetHealth.Snapshot>> health;
    private final Supplier<Map<TargetKey, TargetLimits.Headroom>> limits;
    private final Supplier<Map<TargetKey, Long>> latencyMillis;
    private final Clock clock;
    private final Settings settings;
    private final Poller poller = new Poller("aigw-health-reporter", "Health report", this::poll);
    // The maps below are touched by the reporter thread only.
    private final Map<String, Reported> reported = new HashMap<>();
    private final Map<TargetKey, Seen> seen = new HashMap<>();
    /** The AIUpstreams found missing or forbidden, and when: tried again every {@code renew}. */
    private final Map<String, Instant> missing = new HashMap<>();
    /** When this replica last wrote any entry; null before its first. */
    private Instant lastWrite;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();

    /**
     * @param upstreams the upstreams of the config being served, empty before the first
     * @param health the health of every known target, as of now
     * @param limits the room left under every known target's limits, as of now
     * @param latencyMillis the latency the lowest-latency algorithm routes each measured target by, as of now
     */
    public HealthReporter(KubernetesClient client, String namespace, String replica,
            Supplier<List<Upstream>> upstreams, Supplier<Map<TargetKey, TargetHealth.Snapshot>> health,
            Supplier<Map<TargetKey, TargetLimits.Headroom>> limits, Supplier<Map<TargetKey, Long>> latencyMillis,
            Clock clock, Settings settings) {
        this.client = client;
        this.namespace = namespace;
        this.replica = replica;
        this.upstreams = upstreams;
        this.health = health;
        this.limits = limits;
        this.latencyMillis = latencyMillis;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * A reporter of what a proxy serves and learns; not started. It takes the parts it reads, not the proxy: the
     * root package ({@code ProxyMain}) wires the reporter to the proxy, so the reporter must not depend on the root.
     *
     * @param served the config being served, null before the first
     */
    public static HealthReporter of(Supplier<RuntimeConfig> served, HealthRegistry health, LimitRegistry limits,
            KubernetesClient client, String namespace, String replica, Settings settings) {
        return new HealthReporter(client, namespace, replica, () -> {
            RuntimeConfig config = served.get();
            return config == null ? List.of() : config.config().upstreams();
        }, health::snapshot, () -> await(limits.snapshot()), health::latencyMillis, Clock.systemUTC(), settings);
    }

    /**
     * The limits' headroom on the reporter's own thread, where waiting is allowed; without an answer in time (a
     * shared store that is slow), none: the report goes out with the health alone.
     */
    private static Map<TargetKey, TargetLimits.Headroom> await(Future<Map<TargetKey, TargetLimits.Headroom>> room) {
        try {
            return room.toCompletionStage().toCompletableFuture().get(LIMITS_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    public HealthReporter start() {
        poller.start(settings.debounce());
        return this;
    }

    /** Stops polling; a write under way may finish. */
    @Override
    public void close() {
        poller.close();
    }

    /** Exports the write and conflict counts as {@code aigw_health_report_writes_total} and its conflicts. */
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("aigw.health.report.writes", this, HealthReporter::writes)
                .description("AIUpstream status writes of this replica's target health")
                .register(registry);
        FunctionCounter.builder("aigw.health.report.conflicts", this, HealthReporter::conflicts)
                .description("Health status writes refused with 409 Conflict and retried from a fresh read")
                .register(registry);
    }

    /** Polls done so far. */
    public long polls() {
        return poller.polls();
    }

    /** Status writes that succeeded. */
    public long writes() {
        return writes.get();
    }

    /** Status writes refused with 409 because the AIUpstream changed since it was read. */
    public long conflicts() {
        return conflicts.get();
    }

    /** One comparison and the writes it calls for; the poller runs it every {@code debounce}. */
    void poll() {
        List<Upstream> served = upstreams.get();
        Map<TargetKey, TargetHealth.Snapshot> snapshot = health.get();
        Map<TargetKey, TargetLimits.Headroom> headroom = limits.get();
        Map<TargetKey, Long> latencies = latencyMillis.get();
        Instant now = clock.instant();
        if (lastWrite != null && !now.isBefore(lastWrite.plus(settings.ttl()))) {
            // Past the expiry without a write: the operator may have dropped every entry of this replica.
            reported.clear();
        }
        Map<String, Upstream> byName = new HashMap<>();
        for (Upstream upstream : served) {
            byName.put(upstream.name(), upstream);
            Reported last = reported.get(upstream.name());
            Instant missingSince = missing.get(upstream.name());
            if (last == null && missingSince != null && now.isBefore(missingSince.plus(settings.renew()))) {
                continue;
            }
            Map<String, Boolean> flags = flags(upstream, snapshot);
            if (last == null || !last.flags().equals(flags)) {
                writeEntry(upstream, flags, snapshot, headroom, latencies, now, false);
            }
        }
        Set<String> names = byName.keySet();
        reported.keySet().retainAll(names);
        missing.keySet().retainAll(names);
        seen.keySet().removeIf(key -> !names.contains(key.upstream()));
        if (lastWrite != null && !now.isBefore(lastWrite.plus(settings.renew()))) {
            reported.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.comparing(Reported::at)))
                    .ifPresent(oldest -> writeEntry(byName.get(oldest.getKey()), oldest.getValue().flags(),
                            snapshot, headroom, latencies, now, true));
        }
    }

    /** The healthy flag of each of the upstream's targets this replica knows. */
    private static Map<String, Boolean> flags(Upstream upstream, Map<TargetKey, TargetHealth.Snapshot> snapshot) {
        Map<String, Boolean> flags = new TreeMap<>();
        for (Target target : upstream.targets()) {
            TargetHealth.Snapshot s = snapshot.get(new TargetKey(upstream.name(), target.name()));
            if (s != null) {
                flags.put(target.name(), s.healthy());
            }
        }
        return flags;
    }

    /** This replica's entry on the upstream as it sees the targets now, written; {@code renewal} only for the log. */
    private void writeEntry(Upstream upstream, Map<String, Boolean> flags,
            Map<TargetKey, TargetHealth.Snapshot> snapshot, Map<TargetKey, TargetLimits.Headroom> headroom,
            Map<TargetKey, Long> latencies, Instant now, boolean renewal) {
        List<TargetReport> targets = new ArrayList<>();
        for (Target target : upstream.targets()) {
            TargetKey key = new TargetKey(upstream.name(), target.name());
            TargetHealth.Snapshot s = snapshot.get(key);
            if (s != null) {
                targets.add(report(key, s, headroom.get(key), latencies.get(key), now));
            }
        }
        Reported last = reported.get(upstream.name());
        ReplicaReport mine = new ReplicaReport(replica, HealthAggregation.format(now), targets);
        List<String> names = upstream.targets().stream().map(Target::name).toList();
        String what = renewal ? "renewed, keeping all its entries live" : describe(last, flags, targets);
        if (write(upstream.name(), mine, names, what)) {
            reported.put(upstream.name(), new Reported(flags, now));
            lastWrite = now;
        }
    }

    private TargetReport report(TargetKey key, TargetHealth.Snapshot s, TargetLimits.Headroom room,
            Long latencyMillis, Instant now) {
        Seen last = seen.get(key);
        if (last == null || last.healthy() != s.healthy()) {
            // Computed once per flip, so renewals do not move it by the jitter between the two clocks.
            last = new Seen(s.healthy(), HealthAggregation.format(now.minus(s.sinceTransition())));
            seen.put(key, last);
        }
        boolean failing = !s.healthy() || s.consecutiveFailures() > 0;
        return new TargetReport(key.target(), s.healthy(), failing ? s.lastFailureReason() : null,
                s.consecutiveFailures(), last.since(), headroom(room, now), latencyMillis, s.breaker().label(),
                activeCheck(s.lastActiveCheck()));
    }

    /** The room left as the status shows it; null when the target has no limit to show. */
    private static LimitHeadroom headroom(TargetLimits.Headroom room, Instant now) {
        if (room == null || room.requestsLeft() == null && room.tokensLeft() == null && room.concurrentLeft() == null
                && room.providerPausedFor() == null) {
            return null;
        }
        String pausedUntil = room.providerPausedFor() == null ? null
                : HealthAggregation.format(now.plus(room.providerPausedFor()));
        return new LimitHeadroom(room.requestsLeft(), room.tokensLeft(), room.concurrentLeft(), pausedUntil,
                room.providerPauseReason());
    }

    private static ActiveCheckReport activeCheck(ActiveCheckResult check) {
        return check == null ? null : new ActiveCheckReport(HealthAggregation.format(check.at()),
                check.latency().toMillis(), check.error());
    }

    /**
     * Writes this replica's entry; true when written. An AIUpstream missing or forbidden is tried again after
     * {@code renew}, not at every poll.
     */
    private boolean write(String name, ReplicaReport mine, List<String> targetNames, String what) {
        Resource<GenericKubernetesResource> upstream = client.genericKubernetesResources(AI_UPSTREAMS)
                .inNamespace(namespace).withName(name);
        try {
            for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
                GenericKubernetesResource current = upstream.get();
                if (current == null) {
                    return skipMissing(name, "does not exist");
                }
                UpstreamHealth read = healthOf(current);
                if (reported.containsKey(name) && read.replicas().stream().noneMatch(r -> replica.equals(r.name()))) {
                    // Dropped as expired (or the AIUpstream was created again): the others may be gone too.
                    LOG.warn("Health entry of replica {} gone from AIUpstream {}/{}: reporting every upstream again",
                            replica, namespace, name);
                    reported.clear();
                }
                UpstreamHealth merged = HealthAggregation.merge(read, mine, targetNames);
                try {
                    // On the object just read: patching by name alone makes fabric8 GET it again first.
                    client.genericKubernetesResources(AI_UPSTREAMS).inNamespace(namespace).resource(current)
                            .subresource("status").patch(PATCH, HealthStatusPatch.setting(
                                    current.getMetadata().getResourceVersion(),
                                    current.getAdditionalProperties().get("status") instanceof Map, merged));
                } catch (KubernetesClientException e) {
                    if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                        throw e;
                    }
                    conflicts.incrementAndGet();
                    continue;
                }
                writes.incrementAndGet();
                missing.remove(name);
                LOG.info("Reported health of AIUpstream {}/{} as replica {}: {}; healthy {}", namespace, name,
                        replica, what, merged.healthySummary());
                return true;
            }
            LOG.warn("Health of AIUpstream {}/{} not reported: {} conflicting writes in a row; trying again at the "
                    + "next poll", namespace, name, settings.maxAttempts());
            return false;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND || e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
                return skipMissing(name, e.getCode() == HttpURLConnection.HTTP_FORBIDDEN ? "is forbidden to this proxy"
                        : "does not exist");
            }
            LOG.warn("Health of AIUpstream {}/{} not reported: {} {}; trying again at the next poll", namespace,
                    name, e.getCode(), e.getStatus() == null ? e.getClass().getSimpleName() : e.getStatus().getReason());
            return false;
        }
    }

    private boolean skipMissing(String name, String why) {
        if (missing.put(name, clock.instant()) == null) {
            LOG.warn("AIUpstream {}/{} {}: its target health is not reported", namespace, name, why);
        }
        reported.remove(name);
        return false;
    }

    private static UpstreamHealth healthOf(GenericKubernetesResource upstream) {
        Object status = upstream.getAdditionalProperties().get("status");
        Object health = status instanceof Map<?, ?> fields ? fields.get("health") : null;
        try {
            return health == null ? UpstreamHealth.EMPTY : JSON.convertValue(health, UpstreamHealth.class);
        } catch (IllegalArgumentException e) {
            // Unreadable entries are replaced: the next writes rebuild them.
            return UpstreamHealth.EMPTY;
        }
    }

    /** For the log line: what flipped since the last report, or that it is a first report or a renewal. */
    private static String describe(Reported last, Map<String, Boolean> flags, List<TargetReport> targets) {
        if (last == null) {
            return "first report, " + targets.stream().map(HealthReporter::state).collect(Collectors.joining(", "));
        }
        String flipped = targets.stream().filter(t -> !flags.get(t.name()).equals(last.flags().get(t.name())))
                .map(HealthReporter::state).collect(Collectors.joining(", "));
        return flipped.isEmpty() ? "renewed" : "flipped " + flipped;
    }

    private static String state(TargetReport t) {
        return t.name() + (t.healthy() ? " healthy" : " unhealthy (" + t.reason() + ")");
    }
}
