package io.aigateway.model;

import java.util.List;

/** One compiled AIUpstream: the targets a request may go to and how to choose among them. */
public record Upstream(String name, Algorithm algorithm, HealthChecks healthChecks, List<Target> targets) {
    public Upstream {
        Checks.requireText(name, "upstreams[].name");
        if (algorithm == null) {
            throw new IllegalArgumentException("upstreams[].algorithm must be set");
        }
        if (healthChecks == null) {
            throw new IllegalArgumentException("upstreams[].healthChecks must be set");
        }
        targets = Checks.listOrEmpty(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("upstream " + name + " has no targets");
        }
    }
}
