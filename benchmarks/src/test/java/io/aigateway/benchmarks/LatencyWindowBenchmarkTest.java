package io.aigateway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs the benchmark once without JMH: the window it reads is full, so no call measures an empty one. */
class LatencyWindowBenchmarkTest {

    @Test
    void shouldReadAPercentileOfTheAnswersRecorded() {
        LatencyWindowBenchmark benchmark = new LatencyWindowBenchmark();
        benchmark.setup();

        assertThat(benchmark.recordAndRead()).as("the 95th of 50..500 ms, within a bin")
                .isBetween(450_000_000L, 530_000_000L);
    }
}
