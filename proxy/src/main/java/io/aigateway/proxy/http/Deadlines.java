package io.aigateway.proxy.http;

import io.aigateway.proxy.http.upstream.UpstreamResponse;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timeouts of one event loop's client connections and requests, checked together by one periodic sweep rather
 * than with a Vert.x timer each. A Vert.x timer is a task in Netty's scheduled queue plus an entry in a concurrent
 * map, and nearly every request set and cancelled four of them: its connection's wait for the next request, its
 * body's, its answer's headers' and its answer's body's (about 5 % of the proxy's CPU at full load, in a profile).
 * Arming a deadline here is one object and a list append; touching or disarming it, field writes. A disarmed one
 * lets go of its action at once, so that what the action holds dies with its request, not at the next sweep.
 *
 * <p>A deadline expires no earlier than asked and at most {@link #TICK_MILLIS} later. The sweep runs only while
 * deadlines are armed. Made on the event loop it serves, whose thread keeps its list; a request continued on another
 * thread (by a future another event loop completed) may still arm, touch and disarm its deadlines.
 */
public final class Deadlines {

    /** How often the sweep runs: how late, at most, a deadline expires. */
    static final long TICK_MILLIS = 50;

    private static final Logger LOG = LoggerFactory.getLogger(Deadlines.class);

    private final Vertx vertx;
    private final Context context;
    private final Thread loop;
    /** Armed, and disarmed ones the next sweep drops. */
    private List<Deadline> armed = new ArrayList<>();
    /** The list the next sweep moves the deadlines still armed to, so that it allocates none. */
    private List<Deadline> spare = new ArrayList<>();
    private long sweepTimer = -1;

    /** Call on the event loop it serves. */
    public Deadlines(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.loop = Thread.currentThread();
    }

    /** Runs {@code onExpiry} once {@code millis} pass without the deadline being touched or disarmed. */
    public Deadline arm(long millis, Runnable onExpiry) {
        Deadline deadline = new Deadline(millis * 1_000_000L, onExpiry);
        if (Thread.currentThread() == loop) {
            hold(deadline);
        } else {
            context.runOnContext(v -> hold(deadline));
        }
        return deadline;
    }

    private void hold(Deadline deadline) {
        armed.add(deadline);
        if (sweepTimer < 0) {
            sweepTimer = vertx.setPeriodic(TICK_MILLIS, id -> sweep());
        }
    }

    /** Cuts an upstream answer's body, and resets its request, when it stays silent for {@code idleMillis}. */
    Deadline idleBody(long idleMillis, UpstreamResponse resp) {
        return arm(idleMillis,
                () -> resp.request().reset(0, new TimeoutException("no data for " + idleMillis + " ms")));
    }

    /** How many deadlines the sweep still holds, disarmed ones until it drops them; for tests. */
    int held() {
        return armed.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        List<Deadline> due = armed;
        // Deadlines armed while others expire land in the fresh list.
        armed = spare;
        for (Deadline deadline : due) {
            if (deadline.disarmed) {
                continue;
            }
            Runnable onExpiry = deadline.onExpiry;
            if (onExpiry == null) {
                continue; // disarmed on another thread meanwhile
            }
            if (now - deadline.since >= deadline.nanos) {
                deadline.disarm();
                expire(onExpiry);
            } else {
                armed.add(deadline);
            }
        }
        due.clear();
        spare = due;
        if (armed.isEmpty()) {
            vertx.cancelTimer(sweepTimer);
            sweepTimer = -1;
        }
    }

    private static void expire(Runnable onExpiry) {
        try {
            onExpiry.run();
        } catch (RuntimeException e) {
            // One failing expiry must not keep the others from theirs.
            LOG.warn("A timeout's action failed: {}", e.toString());
        }
    }

    /** One timeout: it counts from when it was armed or last touched. */
    public static final class Deadline {
        private final long nanos;
        /**
         * Dropped when disarmed: it holds what it would cut (a request, an answer), which must not outlive the
         * request while the deadline waits for the sweep to drop it.
         */
        private volatile Runnable onExpiry;
        // Volatile: a request continued on another thread touches and disarms its deadlines there.
        private volatile long since = System.nanoTime();
        private volatile boolean disarmed;

        private Deadline(long nanos, Runnable onExpiry) {
            this.nanos = nanos;
            this.onExpiry = onExpiry;
        }

        /** Something happened: the time counts again from now (an idle timeout). */
        public void touch() {
            since = System.nanoTime();
        }

        /** It will not expire. */
        public void disarm() {
            disarmed = true;
            onExpiry = null;
        }
    }
}
