package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The passive health of one target, shared by every request and every config revision that uses the target.
 * Thread-safe and lock-free: it is read on every request.
 *
 * <p>{@code threshold} consecutive failures make the target unhealthy for {@code interval}; then one trial request
 * is let through: success makes it healthy, failure starts another interval. A 429 or 503 with Retry-After takes
 * the target out of rotation for that long, whatever its health.
 *
 * <p>The whole state is one immutable {@link State} swapped by compare-and-set, so readers never see half an
 * update. The healthy, unblocked path of {@link #tryAcquire()} is one volatile read and does not read the clock;
 * {@link #onSuccess()} on a healthy target without failures writes nothing.
 *
 * <p>Any success makes the target healthy, the trial's or that of a request that started before the target went
 * unhealthy: both show that the target answers. A trial whose holder never reports does not wedge the target: once
 * another interval has passed, the next caller gets a new trial.
 */
public final class TargetHealth {

    private final HealthChecks settings;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicReference<State> state;

    public TargetHealth(HealthChecks settings) {
        this(settings, System::nanoTime);
    }

    /** @param clock nanoseconds on a monotonic scale, like {@link System#nanoTime()} */
    TargetHealth(HealthChecks settings, LongSupplier clock) {
        if (settings == null) {
            throw new IllegalArgumentException("health settings must be set");
        }
        this.settings = settings;
        this.intervalNanos = TimeUnit.SECONDS.toNanos(settings.intervalSeconds());
        this.clock = clock;
        this.state = new AtomicReference<>(State.initial(clock.getAsLong()));
    }

    public HealthChecks settings() {
        return settings;
    }

    /**
     * Whether a request may go to the target now: true while healthy and not blocked; when unhealthy and the
     * interval has passed, true for exactly one caller (the trial) until that caller reports.
     */
    public boolean tryAcquire() {
        while (true) {
            State s = state.get();
            if (!s.unhealthy && !s.blocked) {
                return true;
            }
            long now = clock.getAsLong();
            if (s.blocked) {
                if (now - s.blockedUntil < 0) {
                    return false;
                }
                // The block is over: clear it once, so the healthy path is clock-free again.
                state.compareAndSet(s, s.unblocked());
                continue;
            }
            if (now - s.trialAt < 0) {
                return false;
            }
            // Due for a trial: the caller that wins the swap holds it; the next one is due an interval later, in
            // case this holder never reports.
            if (state.compareAndSet(s, s.trialTaken(now + intervalNanos))) {
                return true;
            }
        }
    }

    /**
     * Whether {@link #tryAcquire()} would likely say yes now, without claiming anything: healthy and not blocked,
     * or due for a trial. A hint for ordering targets; only {@code tryAcquire} decides.
     */
    public boolean isAvailable() {
        State s = state.get();
        if (!s.unhealthy && !s.blocked) {
            return true;
        }
        long now = clock.getAsLong();
        if (s.blocked && now - s.blockedUntil < 0) {
            return false;
        }
        return !s.unhealthy || now - s.trialAt >= 0;
    }

    public void onSuccess() {
        while (true) {
            State s = state.get();
            if (!s.unhealthy && s.failures == 0) {
                return;
            }
            State next = s.unhealthy ? s.recovered(clock.getAsLong()) : s.failuresReset();
            if (state.compareAndSet(s, next)) {
                return;
            }
        }
    }

    /** @param reason what failed, for status and logs: a status code or an error kind, never a payload */
    public void onFailure(String reason) {
        fail(reason, 0L, false);
    }

    /** A Retry-After: out of rotation for that long, counted as a failure too. */
    public void blockFor(Duration retryAfter, String reason) {
        long nanos = retryAfter == null || retryAfter.isNegative() ? 0L : saturatedNanos(retryAfter);
        fail(reason, nanos, true);
    }

    private void fail(String reason, long blockNanos, boolean block) {
        while (true) {
            State s = state.get();
            long now = clock.getAsLong();
            State next = s.failed(now, reason, settings, intervalNanos);
            if (block) {
                next = next.blockedUntil(now + blockNanos);
            }
            if (state.compareAndSet(s, next)) {
                return;
            }
        }
    }

    public boolean isHealthy() {
        return !state.get().unhealthy;
    }

    /** System.nanoTime() of the last failure; Long.MIN_VALUE when it never failed. */
    public long lastFailureNanos() {
        return state.get().lastFailureNanos;
    }

    /** What a status report shows of this target, as of now. */
    public Snapshot snapshot() {
        State s = state.get();
        long now = clock.getAsLong();
        Duration blockedFor = s.blocked && now - s.blockedUntil < 0 ? Duration.ofNanos(s.blockedUntil - now)
                : Duration.ZERO;
        return new Snapshot(!s.unhealthy, s.failures, s.lastReason, Duration.ofNanos(Math.max(0, now - s.changedAt)),
                blockedFor, s.unhealthy && s.trialOut);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /**
     * An immutable view of a target's health.
     *
     * @param healthy false while taken out of rotation by consecutive failures
     * @param consecutiveFailures failures since the last success
     * @param lastFailureReason the reason given with the last failure, null when it never failed
     * @param sinceTransition how long ago it last became healthy or unhealthy (or was first seen)
     * @param blockedFor how much longer a Retry-After keeps it out of rotation, zero when not blocked
     * @param trialInFlight whether an unhealthy target's trial request is out
     */
    public record Snapshot(boolean healthy, int consecutiveFailures, String lastFailureReason,
            Duration sinceTransition, Duration blockedFor, boolean trialInFlight) {
    }

    /** One consistent health state; every change makes a new one. Times are clock nanos. */
    private static final class State {
        final boolean unhealthy;
        final int failures;
        /** When unhealthy: from when a trial may be handed out. */
        final long trialAt;
        final boolean trialOut;
        final boolean blocked;
        final long blockedUntil;
        final long lastFailureNanos;
        final String lastReason;
        /** When {@link #unhealthy} last flipped (or the state was created). */
        final long changedAt;

        State(boolean unhealthy, int failures, long trialAt, boolean trialOut, boolean blocked, long blockedUntil,
                long lastFailureNanos, String lastReason, long changedAt) {
            this.unhealthy = unhealthy;
            this.failures = failures;
            this.trialAt = trialAt;
            this.trialOut = trialOut;
            this.blocked = blocked;
            this.blockedUntil = blockedUntil;
            this.lastFailureNanos = lastFailureNanos;
            this.lastReason = lastReason;
            this.changedAt = changedAt;
        }

        static State initial(long now) {
            return new State(false, 0, 0L, false, false, 0L, Long.MIN_VALUE, null, now);
        }

        State unblocked() {
            return new State(unhealthy, failures, trialAt, trialOut, false, 0L, lastFailureNanos, lastReason,
                    changedAt);
        }

        State trialTaken(long nextTrialAt) {
            return new State(true, failures, nextTrialAt, true, blocked, blockedUntil, lastFailureNanos, lastReason,
                    changedAt);
        }

        State recovered(long now) {
            return new State(false, 0, 0L, false, blocked, blockedUntil, lastFailureNanos, lastReason, now);
        }

        State failuresReset() {
            return new State(unhealthy, 0, trialAt, trialOut, blocked, blockedUntil, lastFailureNanos, lastReason,
                    changedAt);
        }

        State failed(long now, String reason, HealthChecks settings, long intervalNanos) {
            int count = failures == Integer.MAX_VALUE ? failures : failures + 1;
            if (unhealthy) {
                // A failed trial (or a late failure): another full interval before the next trial.
                return new State(true, count, now + intervalNanos, false, blocked, blockedUntil, now, reason,
                        changedAt);
            }
            if (settings.passive() && count >= settings.threshold()) {
                return new State(true, count, now + intervalNanos, false, blocked, blockedUntil, now, reason, now);
            }
            return new State(false, count, 0L, false, blocked, blockedUntil, now, reason, changedAt);
        }

        State blockedUntil(long until) {
            long end = blocked && blockedUntil - until > 0 ? blockedUntil : until;
            return new State(unhealthy, failures, trialAt, trialOut, true, end, lastFailureNanos, lastReason,
                    changedAt);
        }
    }
}
