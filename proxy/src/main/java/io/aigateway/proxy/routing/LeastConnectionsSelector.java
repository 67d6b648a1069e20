package io.aigateway.proxy.routing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The available target with the fewest requests in flight. Ties go round among the tied targets only, so an idle
 * group, or the idle part of a busy one, is shared evenly.
 */
final class LeastConnectionsSelector implements TargetSelector {

    private final TargetRuntime[] targets;
    private final AtomicInteger counter = new AtomicInteger();

    LeastConnectionsSelector(TargetRuntime[] targets) {
        this.targets = targets;
    }

    @Override
    public int pick(ExpectedTokens expected) {
        int fewest = Integer.MAX_VALUE;
        int first = -1;
        int tied = 0;
        for (int i = 0; i < targets.length; i++) {
            if (!TargetSelector.available(targets[i])) {
                continue;
            }
            int inFlight = targets[i].inFlight();
            if (inFlight < fewest) {
                fewest = inFlight;
                first = i;
                tied = 1;
            } else if (inFlight == fewest) {
                tied++;
            }
        }
        if (tied <= 1) {
            return first;
        }
        int k = Math.floorMod(counter.getAndIncrement(), tied);
        for (int i = first; i < targets.length; i++) {
            if (targets[i].inFlight() == fewest && TargetSelector.available(targets[i]) && k-- == 0) {
                return i;
            }
        }
        // The counts moved since the first pass: the first of the idlest will do.
        return first;
    }
}
