package io.aigateway.proxy.routing;

/**
 * A group of targets a request tries together: the targets of one priority tier that serve the requested model, or
 * the tier's others. Built once per planner; its selector keeps the algorithm's state for the group.
 */
final class Candidates {

    final TargetRuntime[] targets;
    private final TargetSelector selector;

    Candidates(TargetRuntime[] targets, TargetSelector selector) {
        this.targets = targets;
        this.selector = selector;
    }

    /**
     * This request's order over the group, as indices into {@link #targets}: the selector's pick, then the other
     * available targets, then the unavailable ones (a health state may still change before they are reached), each
     * following the group's order from the pick. Every index appears exactly once.
     */
    int[] order(ExpectedTokens expected) {
        int n = targets.length;
        int[] out = new int[n];
        int first = n == 1 ? 0 : selector.pick(expected);
        if (first < 0) {
            first = 0;
        }
        out[0] = first;
        int front = 1;
        int back = n - 1;
        for (int i = 1; i < n; i++) {
            int idx = first + i < n ? first + i : first + i - n;
            if (TargetSelector.available(targets[idx])) {
                out[front++] = idx;
            } else {
                out[back--] = idx;
            }
        }
        // The unavailable ones were written from the end: put them back in the group's order.
        for (int lo = front, hi = n - 1; lo < hi; lo++, hi--) {
            int tmp = out[lo];
            out[lo] = out[hi];
            out[hi] = tmp;
        }
        return out;
    }
}
