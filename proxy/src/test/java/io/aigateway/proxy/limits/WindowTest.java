package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void shouldRollAMonthOverIntoTheNextYear() {
        long now = at("2026-12-31T23:00:00Z");
        long december = Window.MONTH.number(now);

        assertThat(Window.MONTH.label(december)).isEqualTo("M202612");
        assertThat(Window.MONTH.end(december)).isEqualTo(at("2027-01-01T00:00:00Z"));
        assertThat(Window.MONTH.number(at("2027-01-01T00:00:00Z"))).isEqualTo(december + 1);
        assertThat(Window.MONTH.label(december + 1)).isEqualTo("M202701");
    }

    @Test
    void shouldCountADayFromMidnightUtc() {
        long day = Window.DAY.number(at("2026-03-29T23:59:59.999Z"));

        assertThat(Window.DAY.label(day)).isEqualTo("d20260329");
        assertThat(Window.DAY.number(at("2026-03-30T00:00:00Z"))).isEqualTo(day + 1);
        assertThat(Window.DAY.wait(0, 5, 1, 5, at("2026-03-29T18:00:00Z"))).isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldKeepACounterWhileAnyCountReadsIt() {
        long now = at("2026-01-01T00:00:30Z");

        // This minute's counts weigh in the next minute's sliding count too.
        assertThat(Window.MINUTE.keep(now)).isEqualTo(Duration.ofSeconds(90 + 60));
        assertThat(Window.DAY.keep(now)).isEqualTo(Duration.ofDays(1).minusSeconds(30).plusSeconds(60));
    }

    @Test
    void shouldSayWhenASlidingMinuteIsBackToZero() {
        long now = at("2026-01-01T00:00:20Z");

        assertThat(Window.MINUTE.resetsIn(3, 0, now)).isEqualTo(Duration.ofSeconds(40));
        assertThat(Window.MINUTE.resetsIn(3, 1, now)).isEqualTo(Duration.ofSeconds(100));
        assertThat(Window.MINUTE.resetsIn(0, 0, now)).isZero();
    }
}
