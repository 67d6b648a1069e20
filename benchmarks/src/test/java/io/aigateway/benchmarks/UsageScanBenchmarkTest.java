package io.aigateway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs the benchmark once per answer, without JMH: every fixture yields its usage, so no row measures a miss. */
class UsageScanBenchmarkTest {

    @ParameterizedTest
    @EnumSource(UsageScanBenchmark.Answer.class)
    void shouldReadTheUsageOfEveryAnswer(UsageScanBenchmark.Answer answer) {
        UsageScanBenchmark benchmark = new UsageScanBenchmark();
        benchmark.answer = answer;
        benchmark.setup(); // throws when the fixture's usage is not read

        assertThat(benchmark.scan().outputTokens()).isEqualTo(answer.output);
    }
}
