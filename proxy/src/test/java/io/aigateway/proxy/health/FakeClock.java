package io.aigateway.proxy.health;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when told; starts far from zero and negative, as System.nanoTime may. */
public final class FakeClock implements LongSupplier {

    private final AtomicLong nanos = new AtomicLong(-5_000_000_000_000L);

    @Override
    public long getAsLong() {
        return nanos.get();
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }
}
