package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    private final Vertx vertx = Vertx.vertx();
    /** The event loop the deadlines serve: one context, so one thread. */
    private final Context loop = vertx.getOrCreateContext();
    private final Deadlines deadlines;

    DeadlinesTest() throws Exception {
        deadlines = onEventLoop(() -> new Deadlines(vertx));
    }

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** Runs on one event loop, as the proxy does, and hands back what the action returns. */
    private <T> T onEventLoop(Supplier<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.runOnContext(v -> result.complete(action.get()));
        return result.get(5, TimeUnit.SECONDS);
    }

    @Test
    void shouldExpireNoEarlierThanAskedAndAtMostOneTickLate() throws Exception {
        AtomicLong expiredAfter = new AtomicLong(-1);
        long armedAt = System.nanoTime();
        onEventLoop(() -> deadlines.arm(200,
                () -> expiredAfter.set(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - armedAt))));
        await().atMost(Duration.ofSeconds(5)).until(() -> expiredAfter.get() >= 0);
        // The upper bound leaves the scheduler of a busy machine some room beyond the tick.
        assertThat(expiredAfter.get()).isBetween(200L, 200L + Deadlines.TICK_MILLIS + 500);
    }

    @Test
    void shouldNotExpireWhileTouched() throws Exception {
        AtomicBoolean expired = new AtomicBoolean();
        Deadlines.Deadline idle = onEventLoop(() -> deadlines.arm(300, () -> expired.set(true)));
        long touching = onEventLoop(() -> vertx.setPeriodic(50, id -> idle.touch()));
        // Well past several idle periods, kept alive by the touches.
        await().pollDelay(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(5)).untilAsserted(
                () -> assertThat(expired).isFalse());
        onEventLoop(() -> vertx.cancelTimer(touching));
        await().atMost(Duration.ofSeconds(5)).untilTrue(expired);
    }

    @Test
    void shouldDropDisarmedDeadlinesAndStopSweepingOnceNoneIsLeft() throws Exception {
        AtomicInteger expired = new AtomicInteger();
        List<Deadlines.Deadline> armed = onEventLoop(() -> {
            List<Deadlines.Deadline> list = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                list.add(deadlines.arm(3_600_000, expired::incrementAndGet));
            }
            return list;
        });
        onEventLoop(() -> {
            armed.forEach(Deadlines.Deadline::disarm);
            return null;
        });
        // Nothing keeps a disarmed deadline, nor the request its action holds, past the next sweep.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(onEventLoop(deadlines::held)).isZero());
        assertThat(expired).hasValue(0);
        // And the sweep starts again for the next one.
        AtomicBoolean next = new AtomicBoolean();
        onEventLoop(() -> deadlines.arm(10, () -> next.set(true)));
        await().atMost(Duration.ofSeconds(5)).untilTrue(next);
    }

    @Test
    void shouldLetGoOfWhatADisarmedDeadlinesActionHoldsBeforeTheSweepDropsTheDeadline() throws Exception {
        // All on the event loop, so no sweep runs in between: the deadline is still held, its request is not.
        List<Object> heldAndRequest = onEventLoop(() -> {
            WeakReference<Object> request = armAndDisarmADeadlineHoldingARequest();
            for (int i = 0; i < 10 && request.get() != null; i++) {
                System.gc();
            }
            return Arrays.asList(deadlines.held(), request.get());
        });
        assertThat(heldAndRequest.get(0)).isEqualTo(1);
        assertThat(heldAndRequest.get(1)).as("the request a disarmed deadline's action holds").isNull();
    }

    /** The request, weakly: only the deadline's action holds it. */
    private WeakReference<Object> armAndDisarmADeadlineHoldingARequest() {
        byte[] request = new byte[1 << 20];
        deadlines.arm(3_600_000, () -> request[0]++).disarm();
        return new WeakReference<>(request);
    }

    @Test
    void shouldExpireADeadlineArmedOffItsEventLoop() throws Exception {
        // A request continued by a future another event loop completed arms its deadline from that loop's thread.
        AtomicBoolean expired = new AtomicBoolean();
        Thread elsewhere = new Thread(() -> deadlines.arm(10, () -> expired.set(true)));
        elsewhere.start();
        elsewhere.join();
        await().atMost(Duration.ofSeconds(5)).untilTrue(expired);
        assertThat(onEventLoop(deadlines::held)).isZero();
    }

    @Test
    void shouldExpireADeadlineArmedByAnotherOnesExpiry() throws Exception {
        AtomicBoolean second = new AtomicBoolean();
        onEventLoop(() -> deadlines.arm(10, () -> deadlines.arm(10, () -> second.set(true))));
        await().atMost(Duration.ofSeconds(5)).untilTrue(second);
    }

    @Test
    void shouldExpireTheOthersWhenOneExpiryFails() throws Exception {
        AtomicBoolean other = new AtomicBoolean();
        onEventLoop(() -> {
            deadlines.arm(10, () -> {
                throw new IllegalStateException("broken action");
            });
            return deadlines.arm(10, () -> other.set(true));
        });
        await().atMost(Duration.ofSeconds(5)).untilTrue(other);
    }
}
