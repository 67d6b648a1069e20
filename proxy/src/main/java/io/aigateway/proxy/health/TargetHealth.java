package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;
import java.time.Duration;

/**
 * The passive health of one target, shared by every request and every config revision that uses the target.
 * Thread-safe and lock-free: it is read on every request.
 *
 * <p>{@code threshold} consecutive failures make the target unhealthy for {@code interval}; then one trial request
 * is let through: success makes it healthy, failure starts another interval. A 429 or 503 with Retry-After takes
 * the target out of rotation for that long, whatever its health.
 */
public final class TargetHealth {

    public TargetHealth(HealthChecks settings) {
        throw new UnsupportedOperationException("in progress");
    }

    /**
     * Whether a request may go to the target now: true while healthy and not blocked; when unhealthy and the
     * interval has passed, true for exactly one caller (the trial) until that caller reports.
     */
    public boolean tryAcquire() {
        throw new UnsupportedOperationException("in progress");
    }

    public void onSuccess() {
        throw new UnsupportedOperationException("in progress");
    }

    /** @param reason what failed, for status and logs: a status code or an error kind, never a payload */
    public void onFailure(String reason) {
        throw new UnsupportedOperationException("in progress");
    }

    /** A Retry-After: out of rotation for that long, counted as a failure too. */
    public void blockFor(Duration retryAfter, String reason) {
        throw new UnsupportedOperationException("in progress");
    }

    public boolean isHealthy() {
        throw new UnsupportedOperationException("in progress");
    }

    /** System.nanoTime() of the last failure; Long.MIN_VALUE when it never failed. */
    public long lastFailureNanos() {
        throw new UnsupportedOperationException("in progress");
    }
}
