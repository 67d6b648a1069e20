package io.aigateway.proxy.routing;

import io.aigateway.model.Algorithm;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * One upstream algorithm over one fixed group of targets: which of them a request tries first. The group's other
 * targets follow it in {@link Candidates#order()}. Implementations are safe for concurrent use and pick among the
 * targets that are {@linkplain io.aigateway.proxy.health.TargetHealth#isAvailable() available}, so a target out of
 * rotation does not hand its share to whichever target happens to follow it.
 */
interface TargetSelector {

    /**
     * The index in the group of this request's first pick; -1 when no target of the group is available.
     *
     * @param expected the request's tokens, for the algorithms that price them
     */
    int pick(ExpectedTokens expected);

    /** The one place an algorithm becomes a selector. */
    static TargetSelector forAlgorithm(Algorithm algorithm, TargetRuntime[] targets) {
        return forAlgorithm(algorithm, targets, ThreadLocalRandom::current);
    }

    static TargetSelector forAlgorithm(Algorithm algorithm, TargetRuntime[] targets,
            Supplier<? extends RandomGenerator> random) {
        return switch (algorithm) {
            case ROUND_ROBIN -> new RoundRobinSelector(targets);
            case WEIGHTED_ROUND_ROBIN -> new SmoothWeightedRoundRobinSelector(targets);
            case LEAST_CONNECTIONS -> new LeastConnectionsSelector(targets);
            case RANDOM -> new WeightedRandomSelector(targets, random);
            case LOWEST_COST -> new LowestCostSelector(targets);
            case LOWEST_LATENCY -> new LowestLatencySelector(targets);
        };
    }

    static boolean available(TargetRuntime target) {
        return target.health().isAvailable();
    }
}
