package io.aigateway.proxy.routing;

import java.util.concurrent.atomic.AtomicInteger;

/** Each request starts one further along the available targets, whatever their weights. */
final class RoundRobinSelector implements TargetSelector {

    private final TargetRuntime[] targets;
    private final AtomicInteger counter = new AtomicInteger();

    RoundRobinSelector(TargetRuntime[] targets) {
        this.targets = targets;
    }

    @Override
    public int pick(ExpectedTokens expected) {
        int available = 0;
        for (TargetRuntime t : targets) {
            if (TargetSelector.available(t)) {
                available++;
            }
        }
        if (available == 0) {
            return -1;
        }
        int k = Math.floorMod(counter.getAndIncrement(), available);
        for (int i = 0; i < targets.length; i++) {
            if (TargetSelector.available(targets[i]) && k-- == 0) {
                return i;
            }
        }
        // Availability changed between the two passes: any available target will do.
        for (int i = 0; i < targets.length; i++) {
            if (TargetSelector.available(targets[i])) {
                return i;
            }
        }
        return -1;
    }
}
