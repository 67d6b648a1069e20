package io.aigateway.proxy.routing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;

/**
 * How many requests one target has on the wire from this replica, at most {@code max}, and the requests waiting
 * for one of them to end, first come first served. A request waits on its own event loop and gives up after its
 * wait limit; this wait is the gateway's own queueing, kept apart from connecting to the target. Shared by the
 * event loops, so the count is guarded by the instance's lock; nothing runs under it but the count and the queue.
 */
public final class ConnectionSlots {

    private final int max;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
    private int inUse;

    public ConnectionSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive, was " + max);
        }
        this.max = max;
    }

    /**
     * A slot at once when one is free, or the first one released within {@code waitMillis}; fails with a
     * {@link TimeoutException} otherwise. Call from an event loop; {@link #release()} each slot obtained once.
     */
    public Future<Void> acquire(Vertx vertx, long waitMillis) {
        Waiter waiter;
        synchronized (this) {
            if (inUse < max) {
                inUse++;
                return Future.succeededFuture();
            }
            waiter = new Waiter(vertx, vertx.getOrCreateContext());
            waiting.add(waiter);
        }
        // Whoever takes the waiter out of the queue owns it: a release grants it, the timer fails it. A timer that
        // finds it gone does nothing.
        waiter.timer = vertx.setTimer(waitMillis, id -> {
            boolean stillWaiting;
            synchronized (this) {
                stillWaiting = waiting.remove(waiter);
            }
            if (stillWaiting) {
                waiter.granted.fail(new TimeoutException("no free connection within " + waitMillis + " ms ("
                        + max + " in use)"));
            }
        });
        return waiter.granted.future();
    }

    /** Ends the use of a slot: the longest waiter gets it, or it is free again. */
    public void release() {
        Waiter next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
                return;
            }
        }
        next.context.runOnContext(v -> {
            next.vertx.cancelTimer(next.timer);
            next.granted.complete();
        });
    }

    /** Slots in use, for tests and status. */
    public synchronized int inUse() {
        return inUse;
    }

    /** Requests waiting for a slot. */
    public synchronized int waiting() {
        return waiting.size();
    }

    private static final class Waiter {
        final Vertx vertx;
        final Context context;
        final Promise<Void> granted = Promise.promise();
        long timer;

        Waiter(Vertx vertx, Context context) {
            this.vertx = vertx;
            this.context = context;
        }
    }
}
