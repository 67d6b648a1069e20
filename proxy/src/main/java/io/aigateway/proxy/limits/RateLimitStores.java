package io.aigateway.proxy.limits;

import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store every limit of this proxy counts in (client keys', rules' and targets'), as the served config names it:
 * a {@link RedisWindowCounters} built from its {@code rateLimitStore} and the credentials Secret's entries, or the
 * local store without one. Itself the {@link WindowCounters} the request path uses, so that a config change that
 * changes the store swaps it under every limit at once: new reserves go to the new store, and each reservation is
 * settled in the store that holds it, which is closed once its last reservation was settled. A reload that keeps
 * the store's settings keeps the store, and the counts in it.
 */
public final class RateLimitStores implements WindowCounters, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimitStores.class);

    /** What a store is built from: the gateway its counters are namespaced by, and null settings for local. */
    private record Wanted(String gateway, RedisStoreSettings settings) {
    }

    /**
     * One store, with how many reservations it holds (counted from before the reserve is sent): closed once retired
     * and holding none, after which it takes no more.
     */
    private static final class Held {
        private static final int CLOSED = -1;
        final Wanted wanted;
        final WindowCounters counters;
        final AtomicInteger reservations = new AtomicInteger();
        volatile boolean retired;

        Held(Wanted wanted, WindowCounters counters) {
            this.wanted = wanted;
            this.counters = counters;
        }

        /** One reservation more, unless the store is closed. */
        boolean hold() {
            while (true) {
                int n = reservations.get();
                if (n == CLOSED) {
                    return false;
                }
                if (reservations.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        /** Whether the store is to be closed now: retired and holding nothing; true once. */
        boolean closing() {
            return retired && reservations.compareAndSet(0, CLOSED);
        }
    }

    private final Vertx vertx;
    private final Clock clock;
    private final WindowCounters local;
    private final AtomicReference<Held> current;
    /** The store holding each reservation not settled yet. */
    private final Map<Reservation, Held> holders = new ConcurrentHashMap<>();
    /** Failed calls of the shared stores swapped out, so that the metric never goes down. */
    private final AtomicLong retiredErrors = new AtomicLong();

    /**
     * @param local the store while the config names no {@code rateLimitStore}: this replica's memory, kept for the
     *     proxy's life
     */
    public RateLimitStores(Vertx vertx, Clock clock, WindowCounters local) {
        this.vertx = vertx;
        this.clock = clock;
        this.local = local;
        this.current = new AtomicReference<>(new Held(new Wanted(null, null), local));
    }

    /** The store counting now: for reads (status), never to settle a reservation with. */
    public WindowCounters current() {
        return current.get().counters;
    }

    /** Whether the store answers: always for the local store; for Redis, while it does. */
    public boolean available() {
        return !(current() instanceof RedisWindowCounters redis) || redis.available();
    }

    /** Calls to the shared stores that failed or outlasted their timeout since start. */
    public long errors() {
        return retiredErrors.get() + (current() instanceof RedisWindowCounters redis ? redis.errors() : 0);
    }

    /**
     * Counts in the store {@code config} names from now on, its user and password read from {@code credentials}
     * (the config was checked to name entries that are there); keeps the store when its settings did not change.
     */
    public synchronized void serve(RoutingConfig config, Map<String, String> credentials) {
        RateLimitStore store = config.rateLimitStore();
        Wanted wanted = store == null ? new Wanted(null, null)
                : new Wanted(config.gateway(), RedisStoreSettings.of(store,
                        store.usernameEntry() == null ? null : credentials.get(store.usernameEntry()),
                        store.passwordEntry() == null ? null : credentials.get(store.passwordEntry())));
        Held before = current.get();
        if (before.wanted.equals(wanted)) {
            return;
        }
        WindowCounters counters = wanted.settings() == null ? local
                : new RedisWindowCounters(vertx, wanted.settings(), wanted.gateway(), clock);
        current.set(new Held(wanted, counters));
        LOG.info("Rate-limit store: {}", wanted.settings() == null ? "local (each replica counts alone)"
                : wanted.settings());
        before.retired = true;
        if (before.closing()) {
            close(before);
        }
    }

    @Override
    public Future<Outcome> reserve(List<Claim> claims) {
        Held held = current.get();
        while (!held.hold()) {
            held = current.get(); // closed just after a swap: the one that replaced it is current
        }
        Held holding = held;
        return held.counters.reserve(claims).andThen(ar -> {
            if (ar.succeeded() && ar.result() instanceof Outcome.Reserved reserved) {
                holders.put(reserved.reservation(), holding);
            } else {
                unused(holding);
            }
        });
    }

    @Override
    public Future<Void> settle(Reservation reservation, ToLongFunction<Claim> actual) {
        Held held = holders.remove(reservation);
        if (held == null) {
            // Settled before: a second settle would count its figures twice.
            return Future.succeededFuture();
        }
        return held.counters.settle(reservation, actual).andThen(ar -> unused(held));
    }

    @Override
    public Future<Long> count(Counter counter) {
        return current().count(counter);
    }

    @Override
    public void retainOnly(Predicate<Counter> keep) {
        current().retainOnly(keep);
    }

    /** Closes the shared store in use; reservations still held in it expire with its lease. */
    @Override
    public void close() {
        Held held = current.get();
        held.retired = true;
        if (held.reservations.getAndSet(Held.CLOSED) != Held.CLOSED) {
            close(held);
        }
    }

    private void unused(Held held) {
        if (held.reservations.decrementAndGet() == 0 && held.closing()) {
            close(held);
        }
    }

    private void close(Held held) {
        // The local store lives as long as the proxy; one given by the caller is the caller's to close.
        if (held.counters != local && held.counters instanceof RedisWindowCounters redis) {
            retiredErrors.addAndGet(redis.errors());
            redis.close();
        }
    }
}
