package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The health of one target, shared by every request and every config revision that uses the target: its
 * {@link CircuitBreaker}, fed by requests and probes; a pause a provider asked for (a 429 or 503 with a retry hint),
 * which keeps the target out of rotation for that long whatever its breaker says; and the last probe's result.
 * Thread-safe and lock-free: it is read on every request. The closed, unpaused path of {@link #tryAcquire()} is two
 * volatile reads and does not read the clock.
 */
public final class TargetHealth {

    /** A provider's pause: out of rotation until {@code until} (clock nanos). */
    private record Pause(long until) {
    }

    private final HealthChecks settings;
    private final LongSupplier clock;
    private final CircuitBreaker breaker;
    private final AtomicReference<Pause> pause = new AtomicReference<>();
    private volatile long lastFailureNanos = Long.MIN_VALUE;
    private volatile ActiveCheckResult lastActiveCheck;

    public TargetHealth(HealthChecks settings) {
        this(settings, System::nanoTime, phase -> { });
    }

    /**
     * @param clock nanoseconds on a monotonic scale, like {@link System#nanoTime()}
     * @param transitions told each phase the breaker enters
     */
    TargetHealth(HealthChecks settings, LongSupplier clock, Consumer<CircuitBreaker.Phase> transitions) {
        if (settings == null) {
            throw new IllegalArgumentException("health settings must be set");
        }
        this.settings = settings;
        this.clock = clock;
        this.breaker = new CircuitBreaker(settings, clock, transitions);
    }

    public HealthChecks settings() {
        return settings;
    }

    /**
     * Whether a request may go to the target now: not paused, and its breaker lets it through (while half-open,
     * this claims one of the trials until its holder reports).
     */
    public boolean tryAcquire() {
        return !paused() && breaker.tryAcquire();
    }

    /** Undoes a {@link #tryAcquire()} whose request was not sent after all (the target was at a limit). */
    public void release() {
        breaker.release();
    }

    /**
     * Whether {@link #tryAcquire()} would likely say yes now, without claiming anything. A hint for ordering
     * targets; only {@code tryAcquire} decides.
     */
    public boolean isAvailable() {
        return !paused() && breaker.isAvailable();
    }

    private boolean paused() {
        Pause p = pause.get();
        if (p == null) {
            return false;
        }
        if (clock.getAsLong() - p.until < 0) {
            return true;
        }
        // Over: clear it once, so the usual path is clock-free again.
        pause.compareAndSet(p, null);
        return false;
    }

    /** A request's answer stood (any status but 429 and 5xx: a 400 shows the target answers, too). */
    public void onSuccess() {
        breaker.onSuccess();
    }

    /**
     * A request failed because of the target: connection error, timeout, 5xx or malformed answer. Counts towards
     * opening the breaker while passive checks are on.
     *
     * @param reason what failed, for status and logs: a status code or an error kind, never a payload
     */
    public void onFailure(String reason) {
        lastFailureNanos = clock.getAsLong();
        breaker.onFailure(reason, settings.passive());
    }

    /**
     * A provider asked for a pause (Retry-After or a rate-limit reset): out of rotation for that long, the longer
     * of two pauses winning. Not a breaker failure: a 429 is a limit, not a fault.
     */
    public void pauseFor(Duration wait) {
        long now = clock.getAsLong();
        lastFailureNanos = now;
        long until = now + (wait == null || wait.isNegative() ? 0L : saturatedNanos(wait));
        pause.getAndUpdate(p -> p != null && p.until - until > 0 ? p : new Pause(until));
    }

    /** A probe's result: a failed probe counts like a failed request, whether passive checks are on or not. */
    public void onActiveCheck(ActiveCheckResult result) {
        lastActiveCheck = result;
        if (result.passed()) {
            breaker.onProbeSuccess();
        } else {
            lastFailureNanos = clock.getAsLong();
            breaker.onFailure(result.error(), true);
        }
    }

    /** Whether the breaker is closed. */
    public boolean isHealthy() {
        return breaker.isClosed();
    }

    /** System.nanoTime() of the last failure or pause; Long.MIN_VALUE when there was none. */
    public long lastFailureNanos() {
        return lastFailureNanos;
    }

    /** What a status report shows of this target, as of now. */
    public Snapshot snapshot() {
        CircuitBreaker.Snapshot b = breaker.snapshot();
        Pause p = pause.get();
        long now = clock.getAsLong();
        Duration pausedFor = p != null && now - p.until < 0 ? Duration.ofNanos(p.until - now) : Duration.ZERO;
        return new Snapshot(b.phase() == CircuitBreaker.Phase.CLOSED, b.consecutiveFailures(), b.lastFailureReason(),
                b.sinceTransition(), pausedFor, b.phase(), b.trialsOut(), lastActiveCheck);
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
     * @param healthy whether the breaker is closed
     * @param consecutiveFailures failures since the last success
     * @param lastFailureReason the reason given with the last failure, null when it never failed
     * @param sinceTransition how long ago the breaker last changed phase (or was first seen)
     * @param pausedFor how much longer a provider's retry hint keeps it out of rotation, zero when not paused
     * @param breaker the breaker's phase
     * @param trialsOut trial requests out while half-open
     * @param lastActiveCheck the last probe's result, null before the first or without probes
     */
    public record Snapshot(boolean healthy, int consecutiveFailures, String lastFailureReason,
            Duration sinceTransition, Duration pausedFor, CircuitBreaker.Phase breaker, int trialsOut,
            ActiveCheckResult lastActiveCheck) {
    }
}
