package io.aigateway.model;

/**
 * A probe each proxy replica sends to every target of an upstream, every {@code intervalSeconds}: a GET that must
 * answer {@code expectedStatus} within {@code timeoutSeconds}.
 *
 * @param path the request path and query on the target's host; null probes the provider's free models listing
 */
public record ActiveHealthCheck(int intervalSeconds, int timeoutSeconds, String path, int expectedStatus) {

    public static final int DEFAULT_INTERVAL_SECONDS = 30;
    public static final int DEFAULT_TIMEOUT_SECONDS = 5;
    public static final int DEFAULT_EXPECTED_STATUS = 200;

    public ActiveHealthCheck {
        Checks.requireRange(intervalSeconds, 1, 3600, "healthChecks.active.interval");
        Checks.requireRange(timeoutSeconds, 1, intervalSeconds, "healthChecks.active.timeout");
        Checks.requireRange(expectedStatus, 100, 599, "healthChecks.active.expectedStatus");
        if (path != null && !path.startsWith("/")) {
            throw new IllegalArgumentException("healthChecks.active.path must start with /, was " + path);
        }
    }
}
