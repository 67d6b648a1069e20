package io.aigateway.proxy.routing;

import java.util.function.IntPredicate;

/**
 * nginx's smooth weighted round-robin: every pick adds each available target's weight to its current weight,
 * takes the target with the highest current weight and subtracts the total from it. Over a cycle of
 * {@code sum(weights) / gcd(weights)} picks each target gets exactly its share, interleaved: 60/40 goes
 * {@code A B A B A}, never bursts. The state is a few ints per target, so one lock is cheaper than anything cleverer.
 */
final class SmoothWeightedRoundRobinSelector implements TargetSelector {

    private final TargetRuntime[] targets;
    private final int[] weights;
    private final int[] current;

    SmoothWeightedRoundRobinSelector(TargetRuntime[] targets) {
        this.targets = targets;
        this.weights = new int[targets.length];
        this.current = new int[targets.length];
        for (int i = 0; i < targets.length; i++) {
            weights[i] = targets[i].target().weight();
        }
    }

    @Override
    public int pick(ExpectedTokens expected) {
        return pickAmong(i -> TargetSelector.available(targets[i]));
    }

    /** The pick among the targets whose index is a {@code member}; the others' current weights stay as they are. */
    synchronized int pickAmong(IntPredicate member) {
        int best = -1;
        int total = 0;
        for (int i = 0; i < targets.length; i++) {
            if (!member.test(i)) {
                continue;
            }
            current[i] += weights[i];
            total += weights[i];
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best >= 0) {
            current[best] -= total;
        }
        return best;
    }
}
