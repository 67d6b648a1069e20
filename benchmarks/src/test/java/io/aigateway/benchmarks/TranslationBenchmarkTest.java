package io.aigateway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs each benchmark method once per pair, without JMH: the fixtures translate and nothing measures an error. */
class TranslationBenchmarkTest {

    @ParameterizedTest
    @EnumSource(Pair.class)
    void shouldTranslateEveryFixtureOfThePair(Pair pair) {
        TranslationBenchmark benchmark = new TranslationBenchmark();
        benchmark.pair = pair;
        benchmark.setup(); // throws when a translated fixture lost its text

        assertThat(benchmark.request().path()).isNotEmpty();
        assertThat(benchmark.response().length()).isPositive();
        assertThat(benchmark.streamEvent().toString()).contains(pair.streamDelta);
        assertThat(benchmark.streamStart().length()).isPositive();
    }
}
