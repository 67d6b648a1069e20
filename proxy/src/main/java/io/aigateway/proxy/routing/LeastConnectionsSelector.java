package io.aigateway.proxy.routing;

import java.util.concurrent.atomic.AtomicInteger;

/** The available target with the fewest requests in flight; ties go round, so an idle group is shared evenly. */
final class LeastConnectionsSelector implements TargetSelector {

    private final TargetRuntime[] targets;
    private final AtomicInteger counter = new AtomicInteger();

    LeastConnectionsSelector(TargetRuntime[] targets) {
        this.targets = targets;
    }

    @Override
    public int pick() {
        int n = targets.length;
        int start = Math.floorMod(counter.getAndIncrement(), n);
        int best = -1;
        int fewest = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int idx = start + i < n ? start + i : start + i - n;
            TargetRuntime t = targets[idx];
            if (!TargetSelector.available(t)) {
                continue;
            }
            int inFlight = t.inFlight();
            if (inFlight < fewest) {
                fewest = inFlight;
                best = idx;
            }
        }
        return best;
    }
}
