package io.aigateway.proxy.limits;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Counts per key over a sliding minute: the store behind the per-target limits. {@link LocalWindowCounters} counts
 * what this replica sent; a store shared by the replicas (Redis) implements the same interface. No method waits:
 * a take and a count answer with a future (the local store's is complete at once, a shared store's completes when
 * its answer arrives), a correction is applied in the background. Safe from any event loop.
 *
 * <p>The window is a sliding-window counter: the current minute's count plus the previous minute's, weighted by how
 * much of it still lies inside the last 60 seconds. Unlike a fixed window it never lets twice the limit through
 * around a minute boundary, unlike a log of every event it keeps two numbers per key, and both translate to a shared
 * store as two counters per key with an expiry.
 */
public interface WindowCounters {

    /** The length of the window the limits count over. */
    Duration WINDOW = Duration.ofMinutes(1);

    /** What {@link #tryTake} did. */
    sealed interface Take {
        /** Counted, in the window that {@link #correct} needs to find it again. */
        record Taken(String key, long window, long amount) implements Take {
        }

        /** Not counted: it would exceed the limit; {@code retryAfter} is how long until it would fit. */
        record Refused(Duration retryAfter) implements Take {
        }
    }

    /**
     * Counts {@code amount} under {@code key} if the key's count over the last window, with it, stays within
     * {@code limit}. A key that counts nothing takes any amount, so that a request larger than the whole limit
     * still goes once the window is clear rather than never.
     */
    Future<Take> tryTake(String key, long amount, long limit);

    /**
     * Corrects an earlier take by {@code delta} (negative gives back), in the window it was counted in; a take
     * whose window no longer counts is left alone. Counts never go below zero. Returns at once.
     */
    void correct(Take.Taken taken, long delta);

    /** The key's count over the last window, as of now. */
    Future<Long> count(String key);

    /** Forgets the keys that do not match. */
    void retainOnly(Predicate<String> keep);
}
