package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IdleWatchdogTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Runs on an event loop, as the proxy does, and hands back what the action returns. */
    private <T> T onEventLoop(java.util.function.Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        vertx.runOnContext(v -> result.complete(action.get()));
        return result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldFireAfterSilence() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        onEventLoop(() -> IdleWatchdog.start(vertx, 50, () -> fired.set(true)));
        await().atMost(Duration.ofSeconds(5)).untilTrue(fired);
    }

    @Test
    void shouldNotFireWhileThereIsActivity() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        IdleWatchdog watchdog = onEventLoop(() -> IdleWatchdog.start(vertx, 300, () -> fired.set(true)));
        long touching = onEventLoop(() -> vertx.setPeriodic(50, id -> watchdog.touch()));
        // Well past several idle periods, kept alive by the touches.
        await().pollDelay(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(fired).isFalse());
        onEventLoop(() -> vertx.cancelTimer(touching));
        await().atMost(Duration.ofSeconds(5)).untilTrue(fired);
    }

    @Test
    void shouldLeaveNoTimerBehindOnceStopped() throws Exception {
        AtomicBoolean fired = new AtomicBoolean();
        IdleWatchdog watchdog = onEventLoop(() -> IdleWatchdog.start(vertx, 3_600_000, () -> fired.set(true)));
        long timer = watchdog.timerId();
        onEventLoop(() -> {
            watchdog.stop();
            return null;
        });
        // A timer still scheduled would be cancelled here, and would keep its request reachable for an hour.
        assertThat(onEventLoop(() -> vertx.cancelTimer(timer))).isFalse();
        assertThat(fired).isFalse();
    }
}
