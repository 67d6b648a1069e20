package io.aigateway.model;

import java.util.List;

/**
 * One compiled AIUpstream: the targets a request may go to and how to choose among them.
 *
 * @param maxAttempts how many targets one request may try, the first included; each target at most once
 * @param unsupportedFields what a request field some targets cannot honour does; null means refuse
 */
public record Upstream(String name, Algorithm algorithm, HealthChecks healthChecks, Timeouts timeouts,
        int maxAttempts, List<Target> targets, UnsupportedFields unsupportedFields) {
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
        targets = Checks.listOrEmpty(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("upstream " + name + " has no targets");
        }
    }
}
