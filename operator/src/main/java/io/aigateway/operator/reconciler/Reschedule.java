package io.aigateway.operator.reconciler;

import java.time.Duration;
import java.time.Instant;

/** When to reconcile again so as to act on a moment passing: a client key's expiry, a health report's. */
public final class Reschedule {

    /** Past the moment, so that the clock reads it as passed when the reconcile runs. */
    private static final Duration SLACK = Duration.ofSeconds(1);

    private Reschedule() {
    }

    /** The delay from {@code now} until just after {@code moment}. */
    public static Duration justAfter(Instant moment, Instant now) {
        return Duration.between(now, moment).plus(SLACK);
    }
}
