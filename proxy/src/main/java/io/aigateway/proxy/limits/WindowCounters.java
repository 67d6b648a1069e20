package io.aigateway.proxy.limits;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * The store behind every limit: counters per {@link Counter} over a {@link Window}, checked and reserved several
 * at once, all or nothing. {@link LocalWindowCounters} counts what this replica did; {@link RedisWindowCounters}
 * counts what every replica of the gateway did. The request path never knows which.
 *
 * <p>No method waits: {@link #reserve} and {@link #count} answer with a future (the local store's complete at once,
 * the shared store's after one round trip); nobody waits for {@link #settle}. Safe from any event loop.
 *
 * <p>A reservation counts at once against every limit it claims, so that concurrent requests cannot all pass a
 * check they would fail together. It stays a reservation until settled: a shared store drops the reservations of a
 * replica that stopped renewing its lease (a crash between reserve and settle), rather than keeping them until a
 * day or month window ends.
 */
public interface WindowCounters {

    /**
     * One counter: {@code scope} says whose (a target, a client key, a rule), {@code id} which one and what it
     * counts ({@code chat/openai/tokens}); the same id counts separately per window.
     */
    record Counter(String scope, String id, Window window) {
        public Counter {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * One limit a request must fit under: {@code amount} more on {@code counter} must keep its count within
     * {@code max}. A counter that counts nothing takes any amount, so that a request larger than the whole limit
     * still goes once the window is clear rather than never.
     *
     * @param limit the limit's name, said back on a refusal ({@code requestsPerMinute}, {@code tokensPerDay})
     */
    record Claim(String limit, Counter counter, long max, long amount) {
        public Claim {
            Objects.requireNonNull(limit, "limit");
            Objects.requireNonNull(counter, "counter");
            if (amount < 0) {
                throw new IllegalArgumentException("a claim's amount is not negative: " + amount);
            }
        }
    }

    /** What is left of one limit once a request was admitted under it, and when its count is back to zero. */
    record Room(Claim claim, long remaining, Duration resetsIn) {
    }

    /** What {@link #reserve} did. */
    sealed interface Outcome {
        /** Every claim was counted: {@code room} has one entry per claim, in order. */
        record Reserved(Reservation reservation, List<Room> room) implements Outcome {
        }

        /**
         * Nothing was counted: {@code claim} would exceed its limit (of several, the one that frees up last), and
         * {@code retryAfter} is how long until the request would fit under all of them.
         */
        record Refused(Claim claim, Duration retryAfter) implements Outcome {
        }

        /** A shared store could not be reached and its fail mode is {@code closed}: the request is to be refused. */
        record Unavailable() implements Outcome {
        }
    }

    /** The claims a reserve counted, and where: what {@link #settle} needs to find them again. */
    final class Reservation {
        final WindowCounters store;
        final List<Claim> claims;
        /** The window number each claim was counted in. */
        final long[] windows;

        Reservation(WindowCounters store, List<Claim> claims, long[] windows) {
            this.store = store;
            this.claims = List.copyOf(claims);
            this.windows = windows;
        }

        public List<Claim> claims() {
            return claims;
        }
    }

    /** Checks every claim and, when all fit, counts them all; otherwise counts none. */
    Future<Outcome> reserve(List<Claim> claims);

    /**
     * Replaces each claim's reserved amount by {@code actual} of it, in the window it was counted in (a claim whose
     * window no longer counts is left alone; counts never go below zero). Nobody needs to wait for the future: it
     * completes once the store applied it (tests wait), and fails when a shared store could not be reached (the
     * reservation then expires). Settling a reservation twice counts its actual figures twice: callers settle once.
     */
    Future<Void> settle(Reservation reservation, ToLongFunction<Claim> actual);

    /** Gives every claim of the reservation back, as if the request had never been admitted; as {@link #settle}. */
    default Future<Void> release(Reservation reservation) {
        return settle(reservation, claim -> 0);
    }

    /** The counter's count as of now, reservations included. */
    Future<Long> count(Counter counter);

    /** Forgets the counters that do not match; a store whose counters expire by themselves may ignore it. */
    void retainOnly(Predicate<Counter> keep);

    /**
     * The outcome of claims whose counters held {@code previous} and {@code current} (reservations included, before
     * this one) at {@code millis}: refused by the claim that frees up last, when any does not fit; else reserved,
     * with what the reservation leaves of each.
     */
    static Outcome decide(List<Claim> claims, long[] previous, long[] current, long millis, Reservation reservation) {
        Outcome.Refused refused = null;
        List<Room> room = new ArrayList<>(claims.size());
        for (int i = 0; i < claims.size(); i++) {
            Claim c = claims.get(i);
            Window w = c.counter().window();
            long count = w.count(previous[i], current[i], millis);
            if (count > 0 && count + c.amount() > c.max()) {
                Duration wait = w.wait(previous[i], current[i], c.amount(), c.max(), millis);
                if (refused == null || wait.compareTo(refused.retryAfter()) > 0) {
                    refused = new Outcome.Refused(c, wait);
                }
            } else {
                room.add(new Room(c, Math.max(0, c.max() - count - c.amount()),
                        w.resetsIn(previous[i], current[i] + c.amount(), millis)));
            }
        }
        return refused != null ? refused : new Outcome.Reserved(reservation, room);
    }
}
