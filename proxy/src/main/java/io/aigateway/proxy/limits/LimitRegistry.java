package io.aigateway.proxy.limits;

import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The limits of every target by upstream and target name. Like health, they outlive config revisions: a reload
 * keeps the counts and a provider's pause; a target whose limits changed keeps its counts under its new limits.
 * Looked up per attempt (a map read); {@link #serve} after each config swap adds the new targets, so that status
 * shows their room before any request went to them, and forgets those that left.
 */
public final class LimitRegistry {

    private final ConcurrentHashMap<TargetKey, TargetLimits> limits = new ConcurrentHashMap<>();
    private final WindowCounters counters;
    private final Clock clock;

    public LimitRegistry(WindowCounters counters, Clock clock) {
        this.counters = counters;
        this.clock = clock;
    }

    /** The target's limits: the ones it had before, unless its {@code rateLimit} changed. */
    public TargetLimits of(String upstream, Target target) {
        TargetKey key = new TargetKey(upstream, target.name());
        TargetLimits known = limits.get(key);
        if (known != null && Objects.equals(known.settings(), target.rateLimit())) {
            return known;
        }
        return limits.compute(key, (k, current) -> current != null
                && Objects.equals(current.settings(), target.rateLimit()) ? current
                : new TargetLimits(k.toString(), target.rateLimit(), counters, clock));
    }

    /** Knows exactly these upstreams' targets: each with its limits as {@link #of} gives them, and their counts. */
    public void serve(Collection<Upstream> upstreams) {
        Set<TargetKey> keep = new HashSet<>();
        for (Upstream u : upstreams) {
            for (Target t : u.targets()) {
                of(u.name(), t);
                keep.add(new TargetKey(u.name(), t.name()));
            }
        }
        limits.keySet().retainAll(keep);
        // The store may count other scopes too (client keys): only targets' counters are this registry's to forget.
        counters.retainOnly(counter -> !counter.scope().equals(TargetLimits.SCOPE)
                || limits.values().stream().anyMatch(l -> l.owns(counter)));
    }

    /** Every known target's headroom as of now, sorted by upstream and target, for status reports. */
    public Future<Map<TargetKey, TargetLimits.Headroom>> snapshot() {
        Map<TargetKey, Future<TargetLimits.Headroom>> pending = new TreeMap<>();
        limits.forEach((key, l) -> pending.put(key, l.headroom()));
        return Future.all(new ArrayList<>(pending.values())).map(all -> {
            Map<TargetKey, TargetLimits.Headroom> out = new TreeMap<>();
            pending.forEach((key, headroom) -> out.put(key, headroom.result()));
            return out;
        });
    }
}
