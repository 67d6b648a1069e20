package io.aigateway.proxy.limits;

import io.aigateway.proxy.limits.WindowCounters.Reservation;

/**
 * What one admitted attempt holds of its target's limits: a concurrency slot until the attempt ends, and a token
 * reservation (the prompt estimate plus the completion budget) until the answer's usage replaces it, or until the
 * attempt fails before any token and gives it back. Each of these happens once, whatever calls it again. Used on the
 * request's event loop.
 */
public final class Permit {

    /** For a target without limits of the gateway's own: nothing to release or settle. */
    static final Permit NONE = new Permit(null, false, null);

    private final TargetLimits limits;
    private final Reservation reservation;
    private boolean holdsSlot;
    private boolean settled;

    /** @param reservation the request and tokens counted for it; null when the target counts neither */
    Permit(TargetLimits limits, boolean holdsSlot, Reservation reservation) {
        this.limits = limits;
        this.holdsSlot = holdsSlot;
        this.reservation = reservation;
        this.settled = reservation == null;
    }

    /** The attempt ended, answered or not: its concurrency slot is free. */
    public void endAttempt() {
        if (holdsSlot) {
            holdsSlot = false;
            limits.releaseSlot();
        }
    }

    /** The answer reported {@code used} tokens: they replace the reservation. */
    public void settle(long used) {
        if (!settled) {
            settled = true;
            limits.settleTokens(reservation, used);
        }
    }

    /** The attempt failed before any token was produced: the reservation is given back. */
    public void refund() {
        settle(0);
    }

    /** The tokens reserved, 0 when the target counts none. */
    public long reserved() {
        return reservation == null ? 0 : limits.reservedTokens(reservation);
    }
}
