package io.aigateway.cli.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FailureScheduleTest {

    private static String pattern(double rate, int requests) {
        FailureSchedule schedule = new FailureSchedule(rate);
        StringBuilder pattern = new StringBuilder();
        IntStream.range(0, requests).forEach(i -> pattern.append(schedule.next() ? 'x' : '.'));
        return pattern.toString();
    }

    @Test
    void shouldSpreadFailuresEvenly() {
        assertThat(pattern(0.25, 8)).isEqualTo("...x...x");
        assertThat(pattern(0.5, 6)).isEqualTo(".x.x.x");
        assertThat(pattern(1, 3)).isEqualTo("xxx");
        assertThat(pattern(0, 3)).isEqualTo("...");
    }

    @Test
    void shouldFailTheStatedShareOverManyRequests() {
        assertThat(pattern(0.3, 1000).chars().filter(c -> c == 'x').count()).isEqualTo(300);
    }
}
