package io.aigateway.proxy.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The client requests the proxy is answering, and whether it is draining: once {@link #drain()} was called, new
 * requests are refused and the returned future completes when the last one in flight has ended. Thread-safe: every
 * event loop counts here.
 */
public final class InFlight {

    private final AtomicInteger count = new AtomicInteger();
    private final Promise<Void> drained = Promise.promise();
    private volatile boolean draining;

    /**
     * Counts a request that arrived. Counted before {@link #draining()} is read, so a request that drain() does not
     * see in the count is one that sees {@code draining} and is refused.
     */
    void started() {
        count.incrementAndGet();
    }

    void ended() {
        if (count.decrementAndGet() == 0 && draining) {
            drained.tryComplete();
        }
    }

    public boolean draining() {
        return draining;
    }

    public int count() {
        return count.get();
    }

    /** Starts refusing new requests; completes once no request is in flight. */
    public Future<Void> drain() {
        draining = true;
        if (count.get() == 0) {
            drained.tryComplete();
        }
        return drained.future();
    }
}
