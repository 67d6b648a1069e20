package io.aigateway.proxy.routing;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.HealthRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Decides which targets of one upstream a request tries, and in which order: the best priority tier with a target
 * it may use first; within a tier, targets serving the requested model before the others, in the order the
 * upstream's algorithm picks (round-robin, smooth weighted round-robin, least in-flight, weighted random); lower
 * tiers only once the better ones are used up; each target at most once; at most maxAttempts. When no target may
 * be used, the one that failed least recently is still tried. One instance per upstream per config revision; it
 * holds the algorithm's state and is safe for concurrent use.
 *
 * <p>Everything that depends only on the config is built here, once: the tiers, and for every model the upstream's
 * targets list (plus one plan for any other model) the sequence of target groups a request goes through. Groups
 * with the same targets share one selector, so the algorithm's state is per group: the targets serving
 * {@code gpt-4} in a tier are balanced among themselves.
 */
public final class TargetPlanner {

    private final Upstream upstream;
    private final List<TargetRuntime> targets;
    private final TargetRuntime[] byPriority;
    private final Map<String, Candidates[]> plansByModel;
    private final Candidates[] otherModelsPlan;

    public TargetPlanner(Upstream upstream, HealthRegistry health) {
        this(upstream, health, ThreadLocalRandom::current);
    }

    /** @param random where the random algorithm draws from; for tests, a seeded generator */
    TargetPlanner(Upstream upstream, HealthRegistry health, Supplier<? extends RandomGenerator> random) {
        this.upstream = upstream;
        List<TargetRuntime> runtimes = new ArrayList<>(upstream.targets().size());
        for (Target t : upstream.targets()) {
            runtimes.add(new TargetRuntime(upstream.name(), t, health.of(upstream.name(), t.name(),
                    upstream.healthChecks()), upstream.maxConnectionsPerTarget()));
        }
        this.targets = List.copyOf(runtimes);

        // Tiers in ascending priority; a stable sort keeps the config's order within a tier.
        List<TargetRuntime> sorted = new ArrayList<>(runtimes);
        sorted.sort(Comparator.comparingInt(r -> r.target().priority()));
        this.byPriority = sorted.toArray(TargetRuntime[]::new);
        List<Tier> tiers = new ArrayList<>();
        for (int from = 0; from < sorted.size();) {
            int priority = sorted.get(from).target().priority();
            int to = from;
            while (to < sorted.size() && sorted.get(to).target().priority() == priority) {
                to++;
            }
            tiers.add(new Tier(sorted.subList(from, to), upstream.algorithm(), random));
            from = to;
        }

        Set<String> models = new LinkedHashSet<>();
        for (Target t : upstream.targets()) {
            models.addAll(t.models());
        }
        Map<String, Candidates[]> plans = new HashMap<>();
        for (String model : models) {
            plans.put(model, plan(tiers, model));
        }
        this.plansByModel = Map.copyOf(plans);
        this.otherModelsPlan = plan(tiers, null);
    }

    private static Candidates[] plan(List<Tier> tiers, String model) {
        List<Candidates> groups = new ArrayList<>();
        for (Tier tier : tiers) {
            tier.addGroupsFor(model, groups);
        }
        return groups.toArray(Candidates[]::new);
    }

    public Upstream upstream() {
        return upstream;
    }

    /** The upstream's targets in config order, each with its health and in-flight count. */
    public List<TargetRuntime> targets() {
        return targets;
    }

    /** @param requestedModel the request's {@code model}, or null when it has none */
    public Attempts attempts(String requestedModel) {
        return attempts(requestedModel, target -> true);
    }

    /**
     * @param requestedModel the request's {@code model}, or null when it has none
     * @param able the targets that can serve this request (honour all its fields); at least one
     */
    public Attempts attempts(String requestedModel, Predicate<TargetRuntime> able) {
        Candidates[] plan = requestedModel == null ? otherModelsPlan
                : plansByModel.getOrDefault(requestedModel, otherModelsPlan);
        return new PlannedAttempts(plan, byPriority, upstream.maxAttempts(), able);
    }

    /** One priority tier and its groups: for each distinct set of targets serving a model, that set and the rest. */
    private static final class Tier {
        private final List<TargetRuntime> targets;
        private final Algorithm algorithm;
        private final Supplier<? extends RandomGenerator> random;
        private final Map<List<TargetRuntime>, Candidates> groups = new HashMap<>();

        Tier(List<TargetRuntime> targets, Algorithm algorithm, Supplier<? extends RandomGenerator> random) {
            this.targets = targets;
            this.algorithm = algorithm;
            this.random = random;
        }

        void addGroupsFor(String model, List<Candidates> out) {
            List<TargetRuntime> serving = new ArrayList<>();
            List<TargetRuntime> others = new ArrayList<>();
            for (TargetRuntime t : targets) {
                (t.serves(model) ? serving : others).add(t);
            }
            if (!serving.isEmpty()) {
                out.add(group(serving));
            }
            if (!others.isEmpty()) {
                out.add(group(others));
            }
        }

        private Candidates group(List<TargetRuntime> members) {
            return groups.computeIfAbsent(List.copyOf(members), key -> {
                TargetRuntime[] array = key.toArray(TargetRuntime[]::new);
                return new Candidates(array, TargetSelector.forAlgorithm(algorithm, array, random));
            });
        }
    }
}
