package io.aigateway.proxy.routing;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.HealthRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
 * holds the algorithm's state and is safe for concurrent use. The upstream's model routes and mapping
 * ({@link ModelRouting}) first narrow the targets to those that may serve the requested model; all of the above
 * applies among them.
 *
 * <p>Everything that depends only on the config is built here, once: the tiers, and for every model the upstream's
 * targets, routes or mapping name (plus one plan for any other model, and one for a request without a model) the
 * sequence of target groups a request goes through. Groups
 * with the same targets share one selector, so the algorithm's state is per group: the targets serving
 * {@code gpt-4} in a tier are balanced among themselves.
 */
public final class TargetPlanner {

    private final Upstream upstream;
    private final List<TargetRuntime> targets;
    private final TargetRuntime[] byPriority;
    private final Map<String, Plan> plansByModel;
    /** For a model no plan names; null when such a model has no target. */
    private final Plan otherModelsPlan;
    private final Plan noModelPlan;

    /** The groups a request goes through, and the targets they hold, best priority first, for the last resort. */
    private record Plan(Candidates[] groups, TargetRuntime[] all) {
    }

    public TargetPlanner(Upstream upstream, HealthRegistry health) {
        this(upstream, health, ThreadLocalRandom::current);
    }

    /** @param random where the random algorithm draws from; for tests, a seeded generator */
    TargetPlanner(Upstream upstream, HealthRegistry health, Supplier<? extends RandomGenerator> random) {
        this.upstream = upstream;
        ModelRouting routing = new ModelRouting(upstream);
        List<TargetRuntime> runtimes = new ArrayList<>(upstream.targets().size());
        for (Target t : upstream.targets()) {
            runtimes.add(new TargetRuntime(upstream.name(), t, health.of(upstream.name(), t.name(),
                    upstream.healthChecks()), upstream.maxConnectionsPerTarget(), routing.mappingFor(t.name())));
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

        Map<String, Plan> plans = new HashMap<>();
        for (String model : routing.names()) {
            // A mapped name is served alike by every target it may go to; any other model first by those that
            // list it.
            Predicate<TargetRuntime> preferred = routing.mapped(model) ? t -> true : t -> t.serves(model);
            Plan plan = plan(tiers, routing.targetsFor(model), preferred);
            if (plan != null) {
                plans.put(model, plan);
            }
        }
        this.plansByModel = Map.copyOf(plans);
        Predicate<TargetRuntime> listingNone = t -> t.serves(null);
        this.otherModelsPlan = plan(tiers, routing.targetsForOthers(), listingNone);
        this.noModelPlan = plan(tiers, routing.targetsFor(null), listingNone);
    }

    /** The plan over the targets named {@code allowed}, those {@code preferred} first in each tier; null if none. */
    private Plan plan(List<Tier> tiers, Set<String> allowed, Predicate<TargetRuntime> preferred) {
        List<Candidates> groups = new ArrayList<>();
        for (Tier tier : tiers) {
            tier.addGroupsFor(t -> allowed.contains(t.target().name()), preferred, groups);
        }
        if (groups.isEmpty()) {
            return null;
        }
        TargetRuntime[] all = Arrays.stream(byPriority).filter(t -> allowed.contains(t.target().name()))
                .toArray(TargetRuntime[]::new);
        return new Plan(groups.toArray(Candidates[]::new), all);
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
        Plan plan = plan(requestedModel);
        return new PlannedAttempts(plan.groups(), plan.all(), upstream.maxAttempts(), able);
    }

    /**
     * The targets that may serve the model, best priority first.
     *
     * @param requestedModel the request's {@code model}, or null when it has none
     * @throws ModelNotRouted when no target may serve it
     */
    public List<TargetRuntime> candidates(String requestedModel) {
        return List.of(plan(requestedModel).all());
    }

    /** Every model name a client may send that some target is routed for, sorted. */
    public Set<String> routedModels() {
        return new TreeSet<>(plansByModel.keySet());
    }

    private Plan plan(String requestedModel) {
        Plan plan = requestedModel == null ? noModelPlan : plansByModel.getOrDefault(requestedModel, otherModelsPlan);
        if (plan == null) {
            throw new ModelNotRouted(requestedModel, routedModels());
        }
        return plan;
    }

    /**
     * One priority tier and its groups: for each distinct set of targets that may serve a model, those serving it
     * and the rest.
     */
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

        void addGroupsFor(Predicate<TargetRuntime> allowed, Predicate<TargetRuntime> preferred,
                List<Candidates> out) {
            List<TargetRuntime> serving = new ArrayList<>();
            List<TargetRuntime> others = new ArrayList<>();
            for (TargetRuntime t : targets) {
                if (allowed.test(t)) {
                    (preferred.test(t) ? serving : others).add(t);
                }
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
