package io.aigateway.proxy.routing;

import java.util.Optional;

/**
 * One request's walk through its plan: group after group (a tier's targets serving the model, then the tier's
 * others, then the next tier), each group in the order its selector gives when the walk reaches it. Health is
 * claimed target by target as they are handed out. Not thread-safe: one request uses it at a time.
 */
final class PlannedAttempts implements Attempts {

    private final Candidates[] plan;
    private final TargetRuntime[] all;
    private final int maxAttempts;
    private int group;
    private int[] order;
    private int position;
    private int handedOut;

    /**
     * @param plan the groups in the order the request goes through them; together they hold every target once
     * @param all every target of the upstream, best priority first, for the last resort
     */
    PlannedAttempts(Candidates[] plan, TargetRuntime[] all, int maxAttempts) {
        this.plan = plan;
        this.all = all;
        this.maxAttempts = maxAttempts;
    }

    @Override
    public Optional<TargetRuntime> next() {
        if (handedOut >= maxAttempts) {
            return Optional.empty();
        }
        while (group < plan.length) {
            Candidates candidates = plan[group];
            if (order == null) {
                order = candidates.order();
                position = 0;
            }
            while (position < order.length) {
                TargetRuntime target = candidates.targets[order[position++]];
                if (target.health().tryAcquire()) {
                    handedOut++;
                    return Optional.of(target);
                }
            }
            group++;
            order = null;
        }
        if (handedOut == 0) {
            // Every target refused the first call: rather than refusing the request, try the target that failed
            // least recently; it is the likeliest to have recovered.
            handedOut++;
            return Optional.of(leastRecentlyFailed());
        }
        return Optional.empty();
    }

    private TargetRuntime leastRecentlyFailed() {
        TargetRuntime oldest = all[0];
        long oldestFailure = oldest.health().lastFailureNanos();
        for (int i = 1; i < all.length; i++) {
            long failure = all[i].health().lastFailureNanos();
            if (failure < oldestFailure) {
                oldest = all[i];
                oldestFailure = failure;
            }
        }
        return oldest;
    }
}
