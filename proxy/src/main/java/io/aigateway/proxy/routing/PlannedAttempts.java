package io.aigateway.proxy.routing;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * One request's walk through its plan: group after group (a tier's targets serving the model, then the tier's
 * others, then the next tier), each group in the order its selector gives when the walk reaches it. Health is
 * claimed target by target as they are handed out. A target that was handed out but not sent the request (at a
 * limit) does not count against maxAttempts, so that a request is refused as limited only when every candidate is.
 * Not thread-safe: one request uses it at a time.
 */
final class PlannedAttempts implements Attempts {

    private final Candidates[] plan;
    private final TargetRuntime[] all;
    private final int maxAttempts;
    private final Predicate<TargetRuntime> able;
    private final ExpectedTokens expected;
    private int group;
    private int[] order;
    private int position;
    private int handedOut;
    private int notSent;
    private boolean lastClaimed;

    /**
     * @param plan the groups in the order the request goes through them; together they hold every target once
     * @param all every target of the upstream, best priority first, for the last resort
     * @param able the targets this request may go to at all; the others are skipped, never claimed
     * @param expected the request's tokens, for the algorithms that price them
     */
    PlannedAttempts(Candidates[] plan, TargetRuntime[] all, int maxAttempts, Predicate<TargetRuntime> able,
            ExpectedTokens expected) {
        this.plan = plan;
        this.all = all;
        this.maxAttempts = maxAttempts;
        this.able = able;
        this.expected = expected;
    }

    @Override
    public Optional<TargetRuntime> next() {
        if (handedOut - notSent >= maxAttempts) {
            return Optional.empty();
        }
        while (group < plan.length) {
            Candidates candidates = plan[group];
            if (order == null) {
                order = candidates.order(expected);
                position = 0;
            }
            while (position < order.length) {
                TargetRuntime target = candidates.targets[order[position++]];
                if (able.test(target) && target.health().tryAcquire()) {
                    handedOut++;
                    lastClaimed = true;
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
            lastClaimed = false;
            return Optional.of(leastRecentlyFailed());
        }
        return Optional.empty();
    }

    @Override
    public void notSent(TargetRuntime target) {
        notSent++;
        if (lastClaimed) {
            target.health().release();
        }
    }

    private TargetRuntime leastRecentlyFailed() {
        TargetRuntime oldest = null;
        long oldestFailure = 0;
        for (TargetRuntime target : all) {
            long failure = target.health().lastFailureNanos();
            if (able.test(target) && (oldest == null || failure < oldestFailure)) {
                oldest = target;
                oldestFailure = failure;
            }
        }
        return oldest;
    }
}
