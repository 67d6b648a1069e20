package io.aigateway.proxy.routing;

import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.HealthRegistry;

/**
 * Decides which targets of one upstream a request tries, and in which order: the best priority tier with a target
 * it may use first; within a tier, targets serving the requested model before the others, in the order the
 * upstream's algorithm picks (round-robin, smooth weighted round-robin, least in-flight, weighted random); lower
 * tiers only once the better ones are used up; each target at most once; at most maxAttempts. When no target may
 * be used, the one that failed least recently is still tried. One instance per upstream per config revision; it
 * holds the algorithm's state and is safe for concurrent use.
 */
public final class TargetPlanner {

    public TargetPlanner(Upstream upstream, HealthRegistry health) {
        throw new UnsupportedOperationException("in progress");
    }

    /** @param requestedModel the request's {@code model}, or null when it has none */
    public Attempts attempts(String requestedModel) {
        throw new UnsupportedOperationException("in progress");
    }
}
