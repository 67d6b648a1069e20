package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The circuit breaker of one target. Closed, it lets every request through and counts consecutive failures;
 * {@code threshold} of them open it. Open, it lets nothing through for {@code interval}; then it is half-open and
 * lets up to {@code halfOpenRequests} trial requests through at once. {@code successThreshold} successes close it;
 * a failure opens it again for another interval.
 *
 * <p>Requests and probes report to it. A success while open or half-open counts towards closing (a request that
 * started before the breaker opened and then succeeded shows that the target answers, too); a passing probe counts
 * only once the interval is over, so that a cheap listing endpoint that answers cannot cut short the pause that
 * failed completions earned. A failure that does not count (passive checks off) is only remembered for status.
 * A trial whose holder never reports does not wedge the breaker: an interval after the last trial was handed out,
 * the trials are handed out afresh.
 *
 * <p>Thread-safe and lock-free: the whole state is one immutable {@link State} swapped by compare-and-set. The
 * closed path of {@link #tryAcquire()} is one volatile read and does not read the clock.
 */
public final class CircuitBreaker {

    /** Where a breaker is, under the names status and metrics use. */
    public enum Phase {
        CLOSED("closed"), OPEN("open"), HALF_OPEN("half-open");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * What status shows of a breaker, as of now.
     *
     * @param phase open once its interval is over reads as half-open
     * @param consecutiveFailures failures since the last success of a closed breaker, or since it opened
     * @param lastFailureReason the last failure's reason, null when it never failed
     * @param sinceTransition how long ago it last changed phase (or was created)
     * @param trialsOut trial requests handed out and not reported yet, while half-open
     */
    public record Snapshot(Phase phase, int consecutiveFailures, String lastFailureReason, Duration sinceTransition,
            int trialsOut) {
    }

    private final HealthChecks settings;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final Consumer<Phase> transitions;
    private final AtomicReference<State> state;

    /**
     * @param clock nanoseconds on a monotonic scale, like {@link System#nanoTime()}
     * @param transitions told the phase entered, once per change, on the thread that changed it
     */
    CircuitBreaker(HealthChecks settings, LongSupplier clock, Consumer<Phase> transitions) {
        this.settings = settings;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(settings.intervalSeconds());
        this.clock = clock;
        this.transitions = transitions;
        this.state = new AtomicReference<>(new State(Phase.CLOSED, 0, 0L, 0, 0, 0L, null, clock.getAsLong()));
    }

    /** Whether a request may go to the target now; while half-open, claims one of the trials. */
    public boolean tryAcquire() {
        while (true) {
            State s = state.get();
            if (s.phase == Phase.CLOSED) {
                return true;
            }
            long now = clock.getAsLong();
            State next;
            if (s.phase == Phase.OPEN) {
                if (now - s.openUntil < 0) {
                    return false;
                }
                next = s.halfOpen(now).trialTaken(now);
            } else if (s.trialsOut < settings.halfOpenRequests()) {
                next = s.trialTaken(now);
            } else if (now - s.lastTrialAt - intervalNanos >= 0) {
                // The trials out never reported: hand them out afresh.
                next = s.trialsReclaimed(now);
            } else {
                return false;
            }
            if (swap(s, next)) {
                return true;
            }
        }
    }

    /** Whether {@link #tryAcquire()} would likely say yes now, without claiming anything. */
    public boolean isAvailable() {
        State s = state.get();
        if (s.phase == Phase.CLOSED) {
            return true;
        }
        long now = clock.getAsLong();
        if (s.phase == Phase.OPEN) {
            return now - s.openUntil >= 0;
        }
        return s.trialsOut < settings.halfOpenRequests() || now - s.lastTrialAt - intervalNanos >= 0;
    }

    /**
     * A claim that was not used: the request went nowhere (its target was at a limit). While half-open, gives its
     * trial back for another request; otherwise nothing to undo.
     */
    public void release() {
        while (true) {
            State s = state.get();
            if (s.phase != Phase.HALF_OPEN || s.trialsOut == 0 || swap(s, s.trialReturned())) {
                return;
            }
        }
    }

    public boolean isClosed() {
        return state.get().phase == Phase.CLOSED;
    }

    /** A request's answer stood. */
    public void onSuccess() {
        succeeded(false);
    }

    /** A probe passed. */
    public void onProbeSuccess() {
        succeeded(true);
    }

    private void succeeded(boolean probe) {
        while (true) {
            State s = state.get();
            State next;
            if (s.phase == Phase.CLOSED) {
                if (probe || s.failures == 0) {
                    // A probe says nothing about the requests that failed: only they reset their count.
                    return;
                }
                next = s.failuresReset();
            } else {
                long now = clock.getAsLong();
                if (probe && s.phase == Phase.OPEN && now - s.openUntil < 0) {
                    return;
                }
                next = s.succeeded(now, settings.successThreshold());
            }
            if (swap(s, next)) {
                return;
            }
        }
    }

    /**
     * A request or probe failed.
     *
     * @param reason what failed, for status: a status code or an error kind, never a payload
     * @param counts whether the failure may open the breaker; one that does not is remembered for status only
     */
    public void onFailure(String reason, boolean counts) {
        while (true) {
            State s = state.get();
            long now = clock.getAsLong();
            State next = counts ? s.failed(now, reason, settings.threshold(), intervalNanos) : s.noted(reason);
            if (swap(s, next)) {
                return;
            }
        }
    }

    public Snapshot snapshot() {
        State s = state.get();
        long now = clock.getAsLong();
        Phase phase = s.phase == Phase.OPEN && now - s.openUntil >= 0 ? Phase.HALF_OPEN : s.phase;
        return new Snapshot(phase, s.failures, s.lastReason, Duration.ofNanos(Math.max(0, now - s.changedAt)),
                s.phase == Phase.HALF_OPEN ? s.trialsOut : 0);
    }

    private boolean swap(State from, State to) {
        if (!state.compareAndSet(from, to)) {
            return false;
        }
        if (to.phase != from.phase) {
            transitions.accept(to.phase);
        }
        return true;
    }

    /** One consistent breaker state; every change makes a new one. Times are clock nanos. */
    private static final class State {
        final Phase phase;
        final int failures;
        /** While open: when it turns half-open. */
        final long openUntil;
        /** While open or half-open: successes since it opened. */
        final int successes;
        final int trialsOut;
        final long lastTrialAt;
        final String lastReason;
        /** When the phase last changed (or the state was created). */
        final long changedAt;

        State(Phase phase, int failures, long openUntil, int successes, int trialsOut, long lastTrialAt,
                String lastReason, long changedAt) {
            this.phase = phase;
            this.failures = failures;
            this.openUntil = openUntil;
            this.successes = successes;
            this.trialsOut = trialsOut;
            this.lastTrialAt = lastTrialAt;
            this.lastReason = lastReason;
            this.changedAt = changedAt;
        }

        State halfOpen(long now) {
            return new State(Phase.HALF_OPEN, failures, 0L, successes, 0, lastTrialAt, lastReason, now);
        }

        State trialTaken(long now) {
            return new State(phase, failures, openUntil, successes, trialsOut + 1, now, lastReason, changedAt);
        }

        State trialReturned() {
            return new State(phase, failures, openUntil, successes, trialsOut - 1, lastTrialAt, lastReason, changedAt);
        }

        State trialsReclaimed(long now) {
            return new State(phase, failures, openUntil, successes, 1, now, lastReason, changedAt);
        }

        State failuresReset() {
            return new State(phase, 0, openUntil, successes, trialsOut, lastTrialAt, lastReason, changedAt);
        }

        State succeeded(long now, int successThreshold) {
            if (successes + 1 >= successThreshold) {
                return new State(Phase.CLOSED, 0, 0L, 0, 0, 0L, lastReason, now);
            }
            return new State(phase, failures, openUntil, successes + 1, Math.max(0, trialsOut - 1), lastTrialAt,
                    lastReason, changedAt);
        }

        State failed(long now, String reason, int threshold, long intervalNanos) {
            int count = failures == Integer.MAX_VALUE ? failures : failures + 1;
            if (phase == Phase.CLOSED && count < threshold) {
                return new State(Phase.CLOSED, count, 0L, 0, 0, 0L, reason, changedAt);
            }
            // Opens, or (already open, or a trial failed) stays open for another whole interval.
            return new State(Phase.OPEN, count, now + intervalNanos, 0, 0, lastTrialAt, reason,
                    phase == Phase.OPEN ? changedAt : now);
        }

        State noted(String reason) {
            int count = failures == Integer.MAX_VALUE ? failures : failures + 1;
            return new State(phase, count, openUntil, successes, trialsOut, lastTrialAt, reason, changedAt);
        }
    }
}
