package io.aigateway.operator.compiler;

import io.aigateway.model.Upstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamSpec;
import io.aigateway.operator.api.v1alpha1.ModelMappingSpec;
import io.aigateway.operator.api.v1alpha1.ModelRouteSpec;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import io.aigateway.operator.status.Reason;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks an upstream's {@code modelRoutes} and {@code modelMapping} and builds their model form: every model named
 * once and not empty, every target named one of the upstream's, and every mapped name left with a target its route
 * allows.
 */
final class ModelRoutes {

    /** The compiled form; each null when it has problems (recorded in findings). */
    record Compiled(SortedMap<String, List<String>> routes, SortedMap<String, Map<String, String>> mapping) {
    }

    private final Findings findings;
    private final Set<String> targets;

    private ModelRoutes(Findings findings, Set<String> targets) {
        this.findings = findings;
        this.targets = targets;
    }

    static Compiled compile(AIUpstreamSpec spec, Findings findings) {
        Set<String> targets = new TreeSet<>();
        spec.getTargets().stream().map(TargetSpec::getName).filter(Objects::nonNull).forEach(targets::add);
        ModelRoutes checks = new ModelRoutes(findings, targets);
        SortedMap<String, List<String>> routes = checks.routes(spec.getModelRoutes());
        SortedMap<String, Map<String, String>> mapping = checks.mapping(spec.getModelMapping());
        if (routes != null && mapping != null) {
            checks.checkMappedNamesReachATarget(routes, mapping);
        }
        return new Compiled(routes, mapping);
    }

    private SortedMap<String, List<String>> routes(List<ModelRouteSpec> specs) {
        Reason invalid = Reason.INVALID_MODEL_ROUTES;
        int before = findings.size();
        SortedMap<String, List<String>> routes = new TreeMap<>();
        for (ModelRouteSpec route : specs) {
            String model = model(invalid, "spec.modelRoutes", route.getModel(), routes.keySet());
            if (model == null) {
                continue;
            }
            String where = "spec.modelRoutes '" + model + "'";
            List<String> names = route.getTargets();
            if (names.isEmpty()) {
                findings.invalid(invalid, where + " names no target; list the targets that may serve it");
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (String target : names) {
                if (!seen.add(target)) {
                    findings.invalid(invalid, where + " names target '" + target + "' twice");
                }
                checkTarget(invalid, where, target);
            }
            routes.put(model, List.copyOf(names));
        }
        return findings.size() > before ? null : routes;
    }

    private SortedMap<String, Map<String, String>> mapping(List<ModelMappingSpec> specs) {
        Reason invalid = Reason.INVALID_MODEL_MAPPING;
        int before = findings.size();
        SortedMap<String, Map<String, String>> mapping = new TreeMap<>();
        for (ModelMappingSpec entry : specs) {
            String model = model(invalid, "spec.modelMapping", entry.getModel(), mapping.keySet());
            if (model == null) {
                continue;
            }
            String where = "spec.modelMapping '" + model + "'";
            if (entry.getTargets().isEmpty()) {
                findings.invalid(invalid, where + " names no target; map each target that serves it to the model "
                        + "it receives");
                continue;
            }
            entry.getTargets().forEach((target, sent) -> {
                checkTarget(invalid, where, target);
                if (sent == null || sent.isBlank()) {
                    findings.invalid(invalid, where + " gives target '" + target + "' an empty model; name the "
                            + "model it receives");
                }
            });
            mapping.put(model, new TreeMap<>(entry.getTargets()));
        }
        return findings.size() > before ? null : mapping;
    }

    /** The model name of an entry, or null when it is empty or repeated (recorded in findings). */
    private String model(Reason invalid, String field, String model, Set<String> earlier) {
        if (model == null || model.isBlank()) {
            findings.invalid(invalid, field + " has an entry with an empty model; name the model clients send");
            return null;
        }
        if (earlier.contains(model)) {
            findings.invalid(invalid, field + " lists '" + model + "' more than once; merge the entries");
            return null;
        }
        return model;
    }

    private void checkTarget(Reason invalid, String where, String target) {
        if (!targets.contains(target)) {
            findings.invalid(invalid, where + " names target '" + target + "', which this upstream does not have "
                    + "(it has: " + String.join(", ", targets) + ")");
        }
    }

    /** A mapped name whose route leaves out every target it maps could never be served. */
    private void checkMappedNamesReachATarget(Map<String, List<String>> routes,
            Map<String, Map<String, String>> mapping) {
        if (routes.isEmpty()) {
            return;
        }
        mapping.forEach((model, byTarget) -> {
            List<String> route = routes.containsKey(model) ? routes.get(model)
                    : routes.get(Upstream.DEFAULT_MODEL_ROUTE);
            if (route == null) {
                findings.invalid(Reason.INVALID_MODEL_MAPPING, "spec.modelMapping '" + model + "' has no route in "
                        + "spec.modelRoutes and there is no default route; add a route for it");
                return;
            }
            List<String> both = new ArrayList<>(route);
            both.retainAll(byTarget.keySet());
            if (both.isEmpty()) {
                findings.invalid(Reason.INVALID_MODEL_MAPPING, "spec.modelMapping '" + model + "' maps "
                        + String.join(", ", byTarget.keySet()) + ", but spec.modelRoutes sends '" + model + "' to "
                        + String.join(", ", route) + "; map a target of its route or route it to a mapped target");
            }
        });
    }
}
