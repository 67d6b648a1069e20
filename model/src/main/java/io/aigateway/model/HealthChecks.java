package io.aigateway.model;

/**
 * A circuit breaker per target, fed by the outcome of requests (passive) and, when {@code active} is set, by
 * probes: {@code threshold} consecutive failures open it; after {@code intervalSeconds} it lets
 * {@code halfOpenRequests} trial requests through at once; {@code successThreshold} successes close it, a failure
 * opens it again.
 *
 * @param passive whether failed requests count; probes count either way
 * @param threshold consecutive failures that open the breaker (the seed's {@code failure_threshold})
 * @param intervalSeconds how long an open breaker stays open before trials (the seed's {@code timeout})
 * @param successThreshold trial successes that close a half-open breaker
 * @param halfOpenRequests trial requests a half-open breaker lets through at once
 * @param active the probes sent to every target; null sends none
 */
public record HealthChecks(boolean passive, int threshold, int intervalSeconds, int successThreshold,
        int halfOpenRequests, ActiveHealthCheck active) {

    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;
    public static final int DEFAULT_HALF_OPEN_REQUESTS = 1;

    public HealthChecks {
        Checks.requireRange(threshold, 1, 1000, "healthChecks.threshold");
        Checks.requireRange(intervalSeconds, 1, 86_400, "healthChecks.intervalSeconds");
        Checks.requireRange(successThreshold, 1, 1000, "healthChecks.successThreshold");
        Checks.requireRange(halfOpenRequests, 1, 1000, "healthChecks.halfOpenRequests");
    }

    /** Passive checks only, closing on one trial success: the breaker as it was before it had more settings. */
    public HealthChecks(boolean passive, int threshold, int intervalSeconds) {
        this(passive, threshold, intervalSeconds, DEFAULT_SUCCESS_THRESHOLD, DEFAULT_HALF_OPEN_REQUESTS, null);
    }

    /** These settings with these probes. */
    public HealthChecks withActive(ActiveHealthCheck probes) {
        return new HealthChecks(passive, threshold, intervalSeconds, successThreshold, halfOpenRequests, probes);
    }
}
