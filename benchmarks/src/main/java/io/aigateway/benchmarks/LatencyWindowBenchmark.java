package io.aigateway.benchmarks;

import io.aigateway.model.LatencyRouting;
import io.aigateway.proxy.health.LatencyWindow;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the lowest-latency algorithm costs per request and target: one answer recorded into a target's
 * {@link LatencyWindow} and the window read, as the selector reads every candidate's on every request. The window
 * holds 100,000 answers of 50 to 500 ms over its whole length. Average time per call, in nanoseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class LatencyWindowBenchmark {

    private final SplittableRandom random = new SplittableRandom(7);
    private LatencyWindow window;

    @Setup
    public void setup() {
        // A clock that stands still, so that every call reads the same live buckets; the window is filled bucket by
        // bucket by moving it beforehand.
        long[] now = {0};
        window = new LatencyWindow(LatencyRouting.DEFAULTS, () -> now[0]);
        long tenth = LatencyRouting.DEFAULTS.windowSeconds() * 100_000_000L;
        for (int bucket = 0; bucket < 10; bucket++) {
            for (int i = 0; i < 10_000; i++) {
                window.record(latencyNanos());
            }
            now[0] += tenth;
        }
        now[0] -= tenth;
    }

    private long latencyNanos() {
        return random.nextLong(50_000_000L, 500_000_000L);
    }

    /** One answer and one read, as one request to a lowest-latency upstream's target does. */
    @Benchmark
    public long recordAndRead() {
        window.record(latencyNanos());
        return window.snapshot().percentileNanos();
    }
}
