package io.aigateway.proxy.support;

import io.aigateway.proxy.limits.WindowCounters;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/** A store that counts in another and records what it was asked: the claims of each reserve, and the settles. */
public final class CountingWindowCounters implements WindowCounters {

    private final WindowCounters counters;
    private final List<List<Claim>> reserves = new CopyOnWriteArrayList<>();
    private final AtomicInteger settles = new AtomicInteger();

    public CountingWindowCounters(WindowCounters counters) {
        this.counters = counters;
    }

    /** The claims of every reserve so far, in order. */
    public List<List<Claim>> reserves() {
        return reserves;
    }

    public int settles() {
        return settles.get();
    }

    @Override
    public Future<Outcome> reserve(List<Claim> claims) {
        reserves.add(claims);
        return counters.reserve(claims);
    }

    @Override
    public Future<Void> settle(Reservation reservation, ToLongFunction<Claim> actual) {
        settles.incrementAndGet();
        return counters.settle(reservation, actual);
    }

    @Override
    public Future<Long> count(Counter counter) {
        return counters.count(counter);
    }

    @Override
    public void retainOnly(Predicate<Counter> keep) {
        counters.retainOnly(keep);
    }
}
