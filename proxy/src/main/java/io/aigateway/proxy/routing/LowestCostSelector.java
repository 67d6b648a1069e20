package io.aigateway.proxy.routing;

import io.aigateway.model.Cost;

/**
 * The available target that charges least for the request's {@link ExpectedTokens}, by its declared
 * {@link Cost}. Targets that cost the same share the requests by weight, in smooth weighted round-robin among
 * them, so two equally priced targets of weights 3 and 1 serve 3:1. Every target of an upstream with this algorithm
 * has a cost: the compiler refuses it otherwise.
 */
final class LowestCostSelector implements TargetSelector {

    private final TargetRuntime[] targets;
    private final SmoothWeightedRoundRobinSelector ties;

    LowestCostSelector(TargetRuntime[] targets) {
        this.targets = targets;
        this.ties = new SmoothWeightedRoundRobinSelector(targets);
    }

    @Override
    public int pick(ExpectedTokens expected) {
        double[] prices = new double[targets.length];
        double cheapest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < targets.length; i++) {
            Cost cost = targets[i].target().cost();
            prices[i] = expected.price(cost.inputPer1k(), cost.outputPer1k());
            if (TargetSelector.available(targets[i]) && prices[i] < cheapest) {
                cheapest = prices[i];
            }
        }
        double lowest = cheapest;
        return ties.pickAmong(i -> prices[i] == lowest && TargetSelector.available(targets[i]));
    }
}
