package io.aigateway.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aigateway.model.LatencyRouting;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {

    private final FakeClock clock = new FakeClock();

    private static long millis(long ms) {
        return Duration.ofMillis(ms).toNanos();
    }

    @Test
    void shouldReadThePercentileOfTheWindowsAnswersWithinTenPercent() {
        LatencyWindow window = new LatencyWindow(new LatencyRouting(300, 95), clock);
        for (int ms = 1; ms <= 100; ms++) {
            window.record(millis(ms * 10L));
        }

        LatencyWindow.Snapshot snapshot = window.snapshot();

        assertThat(snapshot.samples()).isEqualTo(100);
        assertThat((double) snapshot.percentileMillis()).as("the 95th of 10..1000 ms is 950 ms")
                .isBetween(950.0, 950 * LatencyWindow.GROWTH);
    }

    @Test
    void shouldFollowTheAnswersBetweenReadsOnceTheyAreMoreThanAGlimpse() {
        LatencyWindow window = new LatencyWindow(new LatencyRouting(300, 95), clock);
        for (int i = 0; i < 640; i++) {
            window.record(millis(10));
        }
        assertThat((double) window.snapshot().percentileMillis()).isCloseTo(10, within(1.0));

        for (int i = 0; i < 40; i++) {
            window.record(millis(1_000));
        }

        LatencyWindow.Snapshot snapshot = window.snapshot();
        assertThat(snapshot.samples()).isEqualTo(680);
        assertThat((double) snapshot.percentileMillis()).as("40 slow answers of 680 are over 5%%")
                .isCloseTo(1_000, within(100.0));
    }

    @Test
    void shouldReadTheMedianWhenAskedForThe50th() {
        LatencyWindow window = new LatencyWindow(new LatencyRouting(60, 50), clock);
        for (int i = 0; i < 9; i++) {
            window.record(millis(100));
        }
        for (int i = 0; i < 9; i++) {
            window.record(millis(2_000));
        }
        window.record(millis(100));

        assertThat((double) window.snapshot().percentileMillis()).isCloseTo(100, within(10.0));
    }

    @Test
    void shouldForgetAnswersOnceTheWindowMovedPastThem() {
        LatencyWindow window = new LatencyWindow(new LatencyRouting(60, 95), clock);
        window.record(millis(5_000));
        clock.advanceSeconds(30);
        window.record(millis(100));
        assertThat(window.snapshot().samples()).isEqualTo(2);
        assertThat(window.snapshot().percentileMillis()).as("the slow one still counts").isGreaterThan(4_000);

        clock.advanceSeconds(31);

        assertThat(window.snapshot().samples()).as("the slow one aged out, bucket by bucket").isEqualTo(1);
        assertThat(window.snapshot().percentileMillis()).isLessThan(111);

        clock.advanceSeconds(60);
        assertThat(window.snapshot().samples()).isZero();
        assertThat(window.snapshot().percentileMillis()).isEqualTo(-1);
    }

    @Test
    void shouldReuseItsBucketsSoThatMemoryStaysFixed() {
        LatencyWindow window = new LatencyWindow(new LatencyRouting(10, 95), clock);
        for (int second = 0; second < 1_000; second++) {
            window.record(millis(200));
            window.record(millis(200));
            clock.advanceSeconds(1);
        }

        assertThat(window.snapshot().samples()).as("one window's answers, not a thousand seconds'")
                .isBetween(18L, 20L);
    }

    @Test
    void shouldPutTheSlowestAnswersInTheLastBin() {
        assertThat(LatencyWindow.bin(0)).isZero();
        assertThat(LatencyWindow.bin(millis(1))).isEqualTo(1);
        assertThat(LatencyWindow.bin(Duration.ofDays(1).toNanos())).isEqualTo(LatencyWindow.BINS - 1);
        assertThat(LatencyWindow.upperNanos(LatencyWindow.BINS - 1)).isGreaterThanOrEqualTo(Duration.ofHours(1)
                .toNanos());
    }
}
