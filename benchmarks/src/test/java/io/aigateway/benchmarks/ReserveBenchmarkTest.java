package io.aigateway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.proxy.limits.WindowCounters.Outcome;
import org.junit.jupiter.api.Test;

/** Runs the local row once without JMH (the Redis row needs a server, and is run by hand). */
class ReserveBenchmarkTest {

    @Test
    void shouldReserveEveryTime() {
        ReserveBenchmark benchmark = new ReserveBenchmark();
        benchmark.store = ReserveBenchmark.Store.LOCAL;
        benchmark.setup();

        assertThat(benchmark.reserve()).isInstanceOf(Outcome.Reserved.class);
        benchmark.close();
    }
}
