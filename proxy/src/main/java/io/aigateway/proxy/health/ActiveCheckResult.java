package io.aigateway.proxy.health;

import java.time.Duration;
import java.time.Instant;

/**
 * One probe of a target.
 *
 * @param at when it was sent
 * @param latency until its answer's status arrived, or until it failed
 * @param error why it failed (an unexpected status such as {@code 503}, {@code timeout}, {@code connection
 *     refused}); null when it passed. Never a response body or a credential.
 */
public record ActiveCheckResult(Instant at, Duration latency, String error) {

    public boolean passed() {
        return error == null;
    }
}
