package io.aigateway.proxy.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConnectionSlotsTest {

    private static final long LONG_WAIT = 60_000;

    private final Vertx vertx = Vertx.vertx();
    private final ConnectionSlots slots = new ConnectionSlots(2);

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldGrantFreeSlotsAtOnceAndQueueTheRest() {
        assertThat(slots.acquire(vertx, LONG_WAIT).succeeded()).isTrue();
        assertThat(slots.acquire(vertx, LONG_WAIT).succeeded()).isTrue();
        Future<Void> third = slots.acquire(vertx, LONG_WAIT);
        assertThat(third.isComplete()).isFalse();
        assertThat(slots.waiting()).isEqualTo(1);
    }

    @Test
    void shouldHandAReleasedSlotToTheLongestWaiter() {
        slots.acquire(vertx, LONG_WAIT);
        slots.acquire(vertx, LONG_WAIT);
        Future<Void> first = slots.acquire(vertx, LONG_WAIT);
        Future<Void> second = slots.acquire(vertx, LONG_WAIT);

        slots.release();
        await().atMost(Duration.ofSeconds(5)).until(first::isComplete);
        assertThat(first.succeeded()).isTrue();
        assertThat(second.isComplete()).isFalse();
        assertThat(slots.inUse()).isEqualTo(2);
        assertThat(slots.waiting()).isEqualTo(1);
    }

    @Test
    void shouldFailAWaiterWhoseLimitPassesAndLeaveTheCountAsItWas() {
        slots.acquire(vertx, LONG_WAIT);
        slots.acquire(vertx, LONG_WAIT);
        Future<Void> late = slots.acquire(vertx, 50);

        await().atMost(Duration.ofSeconds(5)).until(late::isComplete);
        assertThat(late.cause()).isInstanceOf(TimeoutException.class)
                .hasMessage("no free connection within 50 ms (2 in use)");
        assertThat(slots.waiting()).isZero();
        slots.release();
        slots.release();
        assertThat(slots.inUse()).isZero();
        assertThat(slots.acquire(vertx, LONG_WAIT).succeeded()).isTrue();
    }
}
