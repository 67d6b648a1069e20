package io.aigateway.proxy.limits;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * {@link WindowCounters} of this replica alone, in memory: the {@code local} store, and what a shared store in
 * fail mode {@code open} counts with while it cannot be reached. Per counter the counts of the current and the
 * previous window, reservations included. One lock makes a reserve of several claims all or nothing; it guards a
 * few additions only, never I/O, so an event loop waits at most for another's arithmetic. A crash loses the
 * reservations with the rest of the memory, so none needs to expire.
 */
public final class LocalWindowCounters implements WindowCounters {

    /** The counts of one counter: {@code current} in window number {@code window}, {@code previous} before it. */
    private record Slots(long window, long current, long previous) {
        static final Slots EMPTY = new Slots(0, 0, 0);

        /** These counts as seen from window {@code w}; a clock that stepped back changes nothing. */
        Slots at(long w) {
            if (w <= window) {
                return this;
            }
            return new Slots(w, 0, w == window + 1 ? current : 0);
        }

        /** {@code delta} more in window {@code w} (the current or the previous one), never below zero. */
        Slots plus(long w, long delta) {
            if (w == window) {
                return new Slots(window, Math.max(0, current + delta), previous);
            }
            if (w == window - 1) {
                return new Slots(window, current, Math.max(0, previous + delta));
            }
            return this;
        }
    }

    private final Clock clock;
    private final Map<Counter, Slots> counters = new HashMap<>();

    public LocalWindowCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Future<Outcome> reserve(List<Claim> claims) {
        long now = clock.millis();
        int n = claims.size();
        long[] windows = new long[n];
        long[] previous = new long[n];
        long[] current = new long[n];
        synchronized (counters) {
            for (int i = 0; i < n; i++) {
                Counter counter = claims.get(i).counter();
                windows[i] = counter.window().number(now);
                Slots slots = counters.getOrDefault(counter, Slots.EMPTY).at(windows[i]);
                previous[i] = slots.previous();
                current[i] = slots.current();
            }
            Outcome outcome = WindowCounters.decide(claims, previous, current, now,
                    new Reservation(this, claims, windows));
            if (outcome instanceof Outcome.Reserved) {
                for (int i = 0; i < n; i++) {
                    Claim c = claims.get(i);
                    counters.put(c.counter(), new Slots(windows[i], current[i] + c.amount(), previous[i]));
                }
            }
            return Future.succeededFuture(outcome);
        }
    }

    @Override
    public Future<Void> settle(Reservation reservation, ToLongFunction<Claim> actual) {
        long now = clock.millis();
        synchronized (counters) {
            for (int i = 0; i < reservation.claims.size(); i++) {
                Claim c = reservation.claims.get(i);
                long delta = actual.applyAsLong(c) - c.amount();
                Slots slots = counters.get(c.counter());
                if (slots != null && delta != 0) {
                    counters.put(c.counter(), slots.at(c.counter().window().number(now))
                            .plus(reservation.windows[i], delta));
                }
            }
        }
        return Future.succeededFuture();
    }

    @Override
    public Future<Long> count(Counter counter) {
        long now = clock.millis();
        Slots slots;
        synchronized (counters) {
            slots = counters.getOrDefault(counter, Slots.EMPTY).at(counter.window().number(now));
        }
        return Future.succeededFuture(counter.window().count(slots.previous(), slots.current(), now));
    }

    @Override
    public void retainOnly(Predicate<Counter> keep) {
        synchronized (counters) {
            counters.keySet().removeIf(keep.negate());
        }
    }
}
