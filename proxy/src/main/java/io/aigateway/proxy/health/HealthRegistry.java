package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;
import io.aigateway.model.LatencyRouting;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The health of every target by upstream and target name. It outlives config revisions, so a reload keeps what
 * the proxy learnt about its targets; a target whose health settings changed starts afresh.
 *
 * <p>Called when a config revision is built, not per request. The reloader calls {@link #of} for every target of
 * the new revision and then {@link #retainTargetsOf(Collection)} with its upstreams, so targets that left the config do
 * not linger.
 */
public final class HealthRegistry {

    /** One target of one upstream. */
    public record TargetKey(String upstream, String target) implements Comparable<TargetKey> {
        public TargetKey {
            if (upstream == null || target == null) {
                throw new IllegalArgumentException("upstream and target names must be set");
            }
        }

        @Override
        public int compareTo(TargetKey o) {
            int c = upstream.compareTo(o.upstream);
            return c != 0 ? c : target.compareTo(o.target);
        }

        @Override
        public String toString() {
            return upstream + "/" + target;
        }
    }

    private final ConcurrentHashMap<TargetKey, TargetHealth> healths = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<TargetKey, LatencyWindow> latencies = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private final BiConsumer<TargetKey, CircuitBreaker.Phase> transitions;

    public HealthRegistry() {
        this((key, phase) -> { });
    }

    /** @param transitions told each phase a target's breaker enters, on the thread that changed it */
    public HealthRegistry(BiConsumer<TargetKey, CircuitBreaker.Phase> transitions) {
        this(System::nanoTime, transitions);
    }

    HealthRegistry(LongSupplier clock, BiConsumer<TargetKey, CircuitBreaker.Phase> transitions) {
        this.clock = clock;
        this.transitions = transitions;
    }

    /**
     * The target's health: the one it had under the previous config, unless its health settings changed (probes
     * included: a breaker is built for one set of settings).
     */
    public TargetHealth of(String upstream, String target, HealthChecks settings) {
        if (settings == null) {
            throw new IllegalArgumentException("health settings must be set");
        }
        return healths.compute(new TargetKey(upstream, target),
                (key, known) -> known != null && known.settings().equals(settings) ? known
                        : new TargetHealth(settings, clock, phase -> transitions.accept(key, phase)));
    }

    /**
     * The target's answer latencies for the lowest-latency algorithm: the window it had under the previous config,
     * unless its latency settings changed.
     */
    public LatencyWindow latencyOf(String upstream, String target, LatencyRouting settings) {
        return latencies.compute(new TargetKey(upstream, target),
                (key, known) -> known != null && known.settings().equals(settings) ? known
                        : new LatencyWindow(settings, clock));
    }

    /** Forgets every target not in {@code keep}. */
    public void retainOnly(Set<TargetKey> keep) {
        healths.keySet().retainAll(keep);
        latencies.keySet().retainAll(keep);
    }

    /** Forgets every target that is not one of these upstreams' targets. */
    public void retainTargetsOf(Collection<Upstream> upstreams) {
        Set<TargetKey> keep = new HashSet<>();
        for (Upstream u : upstreams) {
            for (Target t : u.targets()) {
                keep.add(new TargetKey(u.name(), t.name()));
            }
        }
        retainOnly(keep);
    }

    /**
     * The latency each target of a lowest-latency upstream is routed by, in milliseconds, for status reports; only
     * targets with answers in their window.
     */
    public Map<TargetKey, Long> latencyMillis() {
        Map<TargetKey, Long> out = new TreeMap<>();
        latencies.forEach((key, window) -> {
            long millis = window.snapshot().percentileMillis();
            if (millis >= 0) {
                out.put(key, millis);
            }
        });
        return out;
    }

    /** Every known target's health as of now, sorted by upstream and target, for status reports. */
    public Map<TargetKey, TargetHealth.Snapshot> snapshot() {
        Map<TargetKey, TargetHealth.Snapshot> out = new TreeMap<>();
        healths.forEach((key, health) -> out.put(key, health.snapshot()));
        return out;
    }
}
