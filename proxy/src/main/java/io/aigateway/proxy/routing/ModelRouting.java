package io.aigateway.proxy.routing;

import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which targets of an upstream may serve a requested model, from its {@code modelRoutes} and {@code modelMapping};
 * the priority tiers and the algorithm then choose among them ({@link TargetPlanner}). A model with a route goes to
 * its route's targets; any other to the {@code default} route's; a model with neither has no target. Without routes,
 * every target may serve every model. A mapped name (an alias such as {@code fast}) goes only to the targets its
 * mapping names, of those its route allows. A request without a model goes where {@code default} sends it, or to
 * every target when there is no {@code default}: there is nothing to route it by.
 */
final class ModelRouting {

    private final Upstream upstream;
    private final Set<String> allTargets = new TreeSet<>();

    ModelRouting(Upstream upstream) {
        this.upstream = upstream;
        upstream.targets().forEach(t -> allTargets.add(t.name()));
    }

    /** Every model name the routes, the mapping or the targets name: each gets a plan of its own. */
    Set<String> names() {
        Set<String> names = new TreeSet<>(upstream.modelRoutes().keySet());
        names.remove(Upstream.DEFAULT_MODEL_ROUTE);
        names.addAll(upstream.modelMapping().keySet());
        for (Target t : upstream.targets()) {
            names.addAll(t.models());
        }
        return names;
    }

    /** The names of the targets that may serve {@code model} (null: a request without one); empty when none may. */
    Set<String> targetsFor(String model) {
        Set<String> routed = routed(model);
        Map<String, String> mapped = model == null ? null : upstream.modelMapping().get(model);
        if (mapped == null) {
            return routed;
        }
        Set<String> both = new TreeSet<>(routed);
        both.retainAll(mapped.keySet());
        return both;
    }

    /** The names of the targets that may serve a model neither a route nor the mapping names. */
    Set<String> targetsForOthers() {
        return unlisted(true);
    }

    private Set<String> routed(String model) {
        List<String> route = model == null ? null : upstream.modelRoutes().get(model);
        return route != null ? new TreeSet<>(route) : unlisted(model != null);
    }

    /**
     * Where a model without a route of its own goes: the {@code default} route's targets; without one, every
     * target when there are no routes or no model to route by, and none otherwise.
     */
    private Set<String> unlisted(boolean hasModel) {
        Map<String, List<String>> routes = upstream.modelRoutes();
        List<String> fallback = routes.get(Upstream.DEFAULT_MODEL_ROUTE);
        if (fallback != null) {
            return new TreeSet<>(fallback);
        }
        return routes.isEmpty() || !hasModel ? allTargets : Set.of();
    }

    /** Whether {@code model} is a mapped name: every target it may go to receives a model of its own. */
    boolean mapped(String model) {
        return model != null && upstream.modelMapping().containsKey(model);
    }

    /** For one target, each mapped name it serves and the model it receives for it. */
    Map<String, String> mappingFor(String target) {
        Map<String, String> out = new HashMap<>();
        upstream.modelMapping().forEach((name, byTarget) -> {
            String sent = byTarget.get(target);
            if (sent != null) {
                out.put(name, sent);
            }
        });
        return Map.copyOf(out);
    }
}
