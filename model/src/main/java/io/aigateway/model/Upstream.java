package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One compiled AIUpstream: the targets a request may go to and how to choose among them.
 *
 * @param maxAttempts how many targets one request may try, the first included; each target at most once
 * @param unsupportedFields what a request field some targets cannot honour does; null means refuse
 * @param maxConnectionsPerTarget how many requests one proxy replica sends to each target at once (one connection
 *     each); more wait up to {@link Timeouts#queueMillis()} for one to end
 * @param modelRoutes requested model to the names of the targets that may serve it, {@link #DEFAULT_MODEL_ROUTE}
 *     for every model not listed; empty means every target serves every model
 * @param modelMapping a model name clients send to, for each target that serves it, the model that target receives;
 *     a target not listed for a name is never sent a request for it. Both are left out of the JSON when empty, as
 *     configs written before they existed have them.
 */
public record Upstream(String name, Algorithm algorithm, HealthChecks healthChecks, Timeouts timeouts,
        int maxAttempts, List<Target> targets, UnsupportedFields unsupportedFields, int maxConnectionsPerTarget,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<String>> modelRoutes,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Map<String, String>> modelMapping) {

    /** The {@link #modelRoutes()} key that routes every model without a route of its own. */
    public static final String DEFAULT_MODEL_ROUTE = "default";

    public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 4_096;
    /** The most a gateway may set; the proxy's connection pools are sized to it. */
    public static final int MAX_CONNECTIONS_PER_TARGET = 10_000;

    public Upstream {
        unsupportedFields = unsupportedFields == null ? UnsupportedFields.REFUSE : unsupportedFields;
        Checks.requireText(name, "upstreams[].name");
        if (algorithm == null) {
            throw new IllegalArgumentException("upstreams[].algorithm must be set");
        }
        if (healthChecks == null) {
            throw new IllegalArgumentException("upstreams[].healthChecks must be set");
        }
        if (timeouts == null) {
            throw new IllegalArgumentException("upstreams[].timeouts must be set");
        }
        Checks.requireRange(maxAttempts, 1, 100, "upstreams[].maxAttempts");
        Checks.requireRange(maxConnectionsPerTarget, 1, MAX_CONNECTIONS_PER_TARGET,
                "upstreams[].maxConnectionsPerTarget");
        targets = Checks.listOrEmpty(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("upstream " + name + " has no targets");
        }
        Set<String> targetNames = new HashSet<>();
        targets.forEach(t -> targetNames.add(t.name()));
        modelRoutes = copyRoutes(modelRoutes, targetNames);
        modelMapping = copyMapping(modelMapping, targetNames);
    }

    /** An upstream without model routes or mapping: every target may serve every model. */
    public Upstream(String name, Algorithm algorithm, HealthChecks healthChecks, Timeouts timeouts, int maxAttempts,
            List<Target> targets, UnsupportedFields unsupportedFields, int maxConnectionsPerTarget) {
        this(name, algorithm, healthChecks, timeouts, maxAttempts, targets, unsupportedFields,
                maxConnectionsPerTarget, Map.of(), Map.of());
    }

    private static Map<String, List<String>> copyRoutes(Map<String, List<String>> routes, Set<String> targets) {
        Map<String, List<String>> copy = new HashMap<>();
        Checks.mapOrEmpty(routes).forEach((model, names) -> {
            Checks.requireText(model, "upstreams[].modelRoutes key");
            List<String> list = Checks.listOrEmpty(names);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("upstreams[].modelRoutes[" + model + "] names no target");
            }
            list.forEach(t -> requireTarget(targets, t, "modelRoutes[" + model + "]"));
            copy.put(model, list);
        });
        return Map.copyOf(copy);
    }

    private static Map<String, Map<String, String>> copyMapping(Map<String, Map<String, String>> mapping,
            Set<String> targets) {
        Map<String, Map<String, String>> copy = new HashMap<>();
        Checks.mapOrEmpty(mapping).forEach((model, byTarget) -> {
            Checks.requireText(model, "upstreams[].modelMapping key");
            Map<String, String> map = Checks.mapOrEmpty(byTarget);
            if (map.isEmpty()) {
                throw new IllegalArgumentException("upstreams[].modelMapping[" + model + "] names no target");
            }
            map.forEach((target, sent) -> {
                requireTarget(targets, target, "modelMapping[" + model + "]");
                Checks.requireText(sent, "upstreams[].modelMapping[" + model + "][" + target + "]");
            });
            copy.put(model, map);
        });
        return Map.copyOf(copy);
    }

    private static void requireTarget(Set<String> targets, String target, String field) {
        if (!targets.contains(target)) {
            throw new IllegalArgumentException("upstreams[]." + field + " names " + target
                    + ", which is not a target of the upstream");
        }
    }
}
