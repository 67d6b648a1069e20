package io.aigateway.benchmarks;

import io.aigateway.model.RateLimitStore;
import io.aigateway.proxy.limits.LocalWindowCounters;
import io.aigateway.proxy.limits.RedisStoreSettings;
import io.aigateway.proxy.limits.RedisWindowCounters;
import io.aigateway.proxy.limits.Window;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Counter;
import io.aigateway.proxy.limits.WindowCounters.Outcome;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one check-and-reserve costs a request under a client key with {@code requestsPerMinute},
 * {@code tokensPerMinute} and {@code tokensPerDay}: three claims, all or nothing, answered. {@code REDIS} is one
 * EVALSHA round trip to the Redis at {@code -Dredis.address} (default {@code redis://127.0.0.1:6379}); the caller
 * waits for the answer, as a request does. Average time per reserve, in microseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReserveBenchmark {

    public enum Store { LOCAL, REDIS }

    @Param
    public Store store;

    private Vertx vertx;
    private WindowCounters counters;
    private List<Claim> claims;

    @Setup
    public void setup() {
        String key = "bench-" + System.nanoTime();
        // Limits no run reaches: every reserve is admitted and writes, the costlier path.
        claims = List.of(new Claim("requestsPerMinute", new Counter("key", key + "/requests", Window.MINUTE),
                        Long.MAX_VALUE / 4, 1),
                new Claim("tokensPerMinute", new Counter("key", key + "/tokens", Window.MINUTE),
                        Long.MAX_VALUE / 4, 500),
                new Claim("tokensPerDay", new Counter("key", key + "/tokens", Window.DAY), Long.MAX_VALUE / 4, 500));
        if (store == Store.LOCAL) {
            counters = new LocalWindowCounters(Clock.systemUTC());
        } else {
            vertx = Vertx.vertx();
            counters = new RedisWindowCounters(vertx, new RedisStoreSettings(
                    System.getProperty("redis.address", "redis://127.0.0.1:6379"), 0, null, null,
                    Duration.ofSeconds(5), RateLimitStore.FailMode.CLOSED, null), "bench", Clock.systemUTC());
        }
        if (!(reserve() instanceof Outcome.Reserved)) {
            throw new IllegalStateException("the store did not reserve (is Redis up at -Dredis.address?)");
        }
    }

    @Benchmark
    public Outcome reserve() {
        return counters.reserve(claims).toCompletionStage().toCompletableFuture().join();
    }

    @TearDown
    public void close() {
        if (counters instanceof RedisWindowCounters redis) {
            redis.close();
            vertx.close();
        }
    }
}
