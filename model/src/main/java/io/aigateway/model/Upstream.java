package io.aigateway.model;

import java.util.List;

/**
 * One compiled AIUpstream: the targets a request may go to and how to choose among them.
 *
 * @param maxAttempts how many targets one request may try, the first included; each target at most once
 * @param unsupportedFields what a request field some targets cannot honour does; null means refuse
 * @param maxConnectionsPerTarget how many requests one proxy replica sends to each target at once (one connection
 *     each); more wait up to {@link Timeouts#queueMillis()} for one to end
 */
public record Upstream(String name, Algorithm algorithm, HealthChecks healthChecks, Timeouts timeouts,
        int maxAttempts, List<Target> targets, UnsupportedFields unsupportedFields, int maxConnectionsPerTarget) {

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
    }
}
