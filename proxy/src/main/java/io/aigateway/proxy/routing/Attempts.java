package io.aigateway.proxy.routing;

import java.util.Optional;

/** The targets one request tries, handed out one at a time so that health is claimed only for real attempts. */
public interface Attempts {

    /**
     * The next target to try, its health already claimed ({@link io.aigateway.proxy.health.TargetHealth#tryAcquire});
     * empty when every candidate was tried or refused, or the upstream's maxAttempts is reached. The first call is
     * never empty: when every target refuses it, it hands out the target that failed least recently, unclaimed, as a
     * last resort. The caller reports each attempt's outcome to the target's health.
     */
    Optional<TargetRuntime> next();

    /**
     * The target {@link #next()} handed out last was not sent the request (it was at one of its limits): it does not
     * count against maxAttempts, and its health claim is given back.
     */
    void notSent(TargetRuntime target);
}
