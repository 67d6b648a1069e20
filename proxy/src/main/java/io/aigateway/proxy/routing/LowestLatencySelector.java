package io.aigateway.proxy.routing;

import io.aigateway.proxy.health.LatencyWindow;

/**
 * The available target that answered fastest over the upstream's latency window, at its percentile
 * ({@link LatencyWindow}). A target with fewer than {@value #SAMPLES_TO_EARN} answers in the window, counting
 * those in flight, has not earned a place in the comparison yet and is picked first (the one with the fewest
 * first): a new target, or one whose samples all aged out of the window because faster ones took the traffic, gets
 * a few requests per window to show how fast it is now. Equally fast targets go to the first in the group.
 */
final class LowestLatencySelector implements TargetSelector {

    static final int SAMPLES_TO_EARN = 3;

    private final TargetRuntime[] targets;

    LowestLatencySelector(TargetRuntime[] targets) {
        this.targets = targets;
    }

    @Override
    public int pick(ExpectedTokens expected) {
        int unmeasured = -1;
        long fewestSamples = Long.MAX_VALUE;
        int fastest = -1;
        long fastestNanos = Long.MAX_VALUE;
        for (int i = 0; i < targets.length; i++) {
            if (!TargetSelector.available(targets[i])) {
                continue;
            }
            LatencyWindow.Snapshot latency = targets[i].latency().snapshot();
            long samples = latency.samples() + targets[i].inFlight();
            if (samples < SAMPLES_TO_EARN) {
                if (samples < fewestSamples) {
                    fewestSamples = samples;
                    unmeasured = i;
                }
            } else if (latency.samples() > 0 && latency.percentileNanos() < fastestNanos) {
                fastestNanos = latency.percentileNanos();
                fastest = i;
            } else if (fastest < 0) {
                // Measured only by its requests in flight: slower than any target with answers.
                fastest = i;
                fastestNanos = Long.MAX_VALUE;
            }
        }
        return unmeasured >= 0 ? unmeasured : fastest;
    }
}
