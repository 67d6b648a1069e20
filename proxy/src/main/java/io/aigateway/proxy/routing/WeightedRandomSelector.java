package io.aigateway.proxy.routing;

import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** A random available target, each as likely as its weight's share of the available weights. */
final class WeightedRandomSelector implements TargetSelector {

    private final TargetRuntime[] targets;
    private final Supplier<? extends RandomGenerator> random;

    WeightedRandomSelector(TargetRuntime[] targets, Supplier<? extends RandomGenerator> random) {
        this.targets = targets;
        this.random = random;
    }

    @Override
    public int pick(ExpectedTokens expected) {
        int total = 0;
        for (TargetRuntime t : targets) {
            if (TargetSelector.available(t)) {
                total += t.target().weight();
            }
        }
        if (total == 0) {
            return -1;
        }
        int r = random.get().nextInt(total);
        int last = -1;
        for (int i = 0; i < targets.length; i++) {
            if (!TargetSelector.available(targets[i])) {
                continue;
            }
            last = i;
            r -= targets[i].target().weight();
            if (r < 0) {
                return i;
            }
        }
        // Availability changed between the two passes: the last available target will do.
        return last;
    }
}
