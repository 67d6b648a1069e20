package io.aigateway.proxy.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.util.concurrent.TimeoutException;

/**
 * Cuts a response body that stays silent for too long. One timer per body, re-armed only when it fires after
 * activity, and cancelled when the body ends: Vert.x's own request idle timeout is not cancelled when a response
 * ends, so setting it for the body phase keeps every request reachable until the timeout passes.
 */
final class IdleWatchdog {

    private final Vertx vertx;
    private final long idleNanos;
    private final Runnable onIdle;
    private long lastActivity;
    private long timerId;
    private boolean stopped;

    private IdleWatchdog(Vertx vertx, long idleMillis, Runnable onIdle) {
        this.vertx = vertx;
        this.idleNanos = idleMillis * 1_000_000L;
        this.onIdle = onIdle;
    }

    /** Starts watching; call from the event loop that carries the body. */
    static IdleWatchdog start(Vertx vertx, long idleMillis, Runnable onIdle) {
        IdleWatchdog watchdog = new IdleWatchdog(vertx, idleMillis, onIdle);
        watchdog.lastActivity = System.nanoTime();
        watchdog.timerId = vertx.setTimer(idleMillis, watchdog::check);
        return watchdog;
    }

    /** Cuts an upstream answer's body, and resets its request, when it stays silent for {@code idleMillis}. */
    static IdleWatchdog forBody(Vertx vertx, long idleMillis, HttpClientResponse resp) {
        return start(vertx, idleMillis,
                () -> resp.request().reset(0, new TimeoutException("no data for " + idleMillis + " ms")));
    }

    /** Something arrived. */
    void touch() {
        lastActivity = System.nanoTime();
    }

    void stop() {
        if (!stopped) {
            stopped = true;
            vertx.cancelTimer(timerId);
        }
    }

    /** The timer now pending, for tests. */
    long timerId() {
        return timerId;
    }

    private void check(long firedTimer) {
        if (stopped) {
            return;
        }
        long silentFor = System.nanoTime() - lastActivity;
        if (silentFor >= idleNanos) {
            stopped = true;
            onIdle.run();
        } else {
            timerId = vertx.setTimer(Math.max(1, (idleNanos - silentFor) / 1_000_000L), this::check);
        }
    }
}
