package io.aigateway.proxy.limits;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * {@link WindowCounters} of this replica alone, in memory: per key the counts of the current and the previous fixed
 * minute, swapped as one immutable value by compare-and-set, so callers on several event loops never wait for each
 * other.
 */
public final class LocalWindowCounters implements WindowCounters {

    private static final long WINDOW_MILLIS = WINDOW.toMillis();

    /** The counts of one key: {@code current} in fixed window number {@code window}, {@code previous} before it. */
    private record Slots(long window, long current, long previous) {
        static final Slots EMPTY = new Slots(0, 0, 0);

        /** These counts as seen from window {@code w}; a clock that stepped back changes nothing. */
        Slots at(long w) {
            if (w <= window) {
                return this;
            }
            return new Slots(w, 0, w == window + 1 ? current : 0);
        }

        /**
         * The sliding count {@code elapsed} milliseconds into the current window, the previous window's share
         * rounded down: a limit of 1 per minute then frees up a minute after its request, not up to two.
         */
        long sliding(long elapsed) {
            return (long) (previous * (double) (WINDOW_MILLIS - elapsed) / WINDOW_MILLIS) + current;
        }
    }

    private final Clock clock;
    private final ConcurrentHashMap<String, AtomicReference<Slots>> keys = new ConcurrentHashMap<>();

    public LocalWindowCounters(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Future<Take> tryTake(String key, long amount, long limit) {
        return Future.succeededFuture(take(key, amount, limit));
    }

    private Take take(String key, long amount, long limit) {
        AtomicReference<Slots> ref = keys.computeIfAbsent(key, k -> new AtomicReference<>(Slots.EMPTY));
        while (true) {
            long now = clock.millis();
            long window = Math.floorDiv(now, WINDOW_MILLIS);
            long elapsed = Math.floorMod(now, WINDOW_MILLIS);
            Slots known = ref.get();
            Slots slots = known.at(window);
            long count = slots.sliding(elapsed);
            if (count > 0 && count + amount > limit) {
                return new Take.Refused(wait(slots, elapsed, amount, limit));
            }
            if (ref.compareAndSet(known, new Slots(window, slots.current + amount, slots.previous))) {
                return new Take.Taken(key, window, amount);
            }
        }
    }

    /**
     * How long until {@code amount} fits (the count is at most {@code limit - amount}, or 0 for an amount over the
     * limit): while the previous window's share fades, or, when the current window alone is too full, until the
     * next window and then while the current count's share fades.
     */
    private static Duration wait(Slots slots, long elapsed, long amount, long limit) {
        long room = Math.max(0, limit - amount);
        long millis = slots.current <= room
                ? fadedBelow(slots.previous, room - slots.current) - elapsed
                : WINDOW_MILLIS + fadedBelow(slots.current, room) - elapsed;
        return Duration.ofMillis(Math.max(1, millis));
    }

    /** How far into a window the rounded-down share of {@code count} from the window before is at most {@code k}. */
    private static long fadedBelow(long count, long k) {
        if (count <= k) {
            return 0;
        }
        // (long) (count * (W - e) / W) <= k  while  count * (W - e) / W < k + 1
        return (long) Math.floor(WINDOW_MILLIS * (1 - (double) (k + 1) / count)) + 1;
    }

    @Override
    public void correct(Take.Taken taken, long delta) {
        AtomicReference<Slots> ref = keys.get(taken.key());
        if (ref == null || delta == 0) {
            return;
        }
        while (true) {
            Slots known = ref.get();
            Slots slots = known.at(Math.floorDiv(clock.millis(), WINDOW_MILLIS));
            Slots next;
            if (taken.window() == slots.window) {
                next = new Slots(slots.window, Math.max(0, slots.current + delta), slots.previous);
            } else if (taken.window() == slots.window - 1) {
                next = new Slots(slots.window, slots.current, Math.max(0, slots.previous + delta));
            } else {
                return;
            }
            if (ref.compareAndSet(known, next)) {
                return;
            }
        }
    }

    @Override
    public Future<Long> count(String key) {
        AtomicReference<Slots> ref = keys.get(key);
        if (ref == null) {
            return Future.succeededFuture(0L);
        }
        long now = clock.millis();
        return Future.succeededFuture(ref.get().at(Math.floorDiv(now, WINDOW_MILLIS))
                .sliding(Math.floorMod(now, WINDOW_MILLIS)));
    }

    @Override
    public void retainOnly(Predicate<String> keep) {
        keys.keySet().removeIf(keep.negate());
    }
}
