package io.aigateway.model;

/**
 * Passive health checking: {@code threshold} consecutive failures take a target out of rotation for
 * {@code intervalSeconds}.
 */
public record HealthChecks(boolean passive, int threshold, int intervalSeconds) {
    public HealthChecks {
        Checks.requireRange(threshold, 1, 1000, "healthChecks.threshold");
        Checks.requireRange(intervalSeconds, 1, 86_400, "healthChecks.intervalSeconds");
    }
}
