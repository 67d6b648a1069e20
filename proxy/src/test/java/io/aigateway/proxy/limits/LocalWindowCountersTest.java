package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.proxy.limits.WindowCounters.Take;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LocalWindowCountersTest {

    /** The start of a fixed minute, so that each test knows where the window boundaries are. */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalWindowCounters counters = new LocalWindowCounters(clock);

    @Test
    void shouldRefuseWhatWouldExceedTheLimitAndSayWhenItFits() {
        assertThat(counters.tryTake("k", 3, 5).result()).isInstanceOf(Take.Taken.class);
        assertThat(counters.tryTake("k", 2, 5).result()).isInstanceOf(Take.Taken.class);
        clock.advance(Duration.ofSeconds(15));

        Take refused = counters.tryTake("k", 1, 5).result();

        // All 5 were counted in this minute: until the next minute, and just into it, when their share rounds to 4.
        assertThat(refused).isEqualTo(new Take.Refused(Duration.ofMillis(45_001)));
        assertThat(counters.count("k").result()).isEqualTo(5);
        clock.advance(Duration.ofMillis(45_000));
        assertThat(counters.tryTake("k", 1, 5).result()).isInstanceOf(Take.Refused.class);
        clock.advance(Duration.ofMillis(1));
        assertThat(counters.tryTake("k", 1, 5).result()).isInstanceOf(Take.Taken.class);
    }

    @Test
    void shouldFreeALimitOfOnePerMinuteAboutAMinuteAfterItsRequest() {
        clock.advance(Duration.ofSeconds(1));
        counters.tryTake("k", 1, 1).result();

        assertThat(counters.tryTake("k", 1, 1).result()).isEqualTo(new Take.Refused(Duration.ofMillis(59_001)));
        clock.advance(Duration.ofMillis(59_001));
        assertThat(counters.tryTake("k", 1, 1).result()).isInstanceOf(Take.Taken.class);
    }

    @Test
    void shouldLetThePreviousMinuteFadeAsTheWindowSlides() {
        for (int i = 0; i < 10; i++) {
            counters.tryTake("k", 1, 10).result();
        }
        clock.advance(Duration.ofSeconds(60)); // the 10 are now the previous minute's, weighing fully
        assertThat(counters.tryTake("k", 1, 10).result()).isInstanceOf(Take.Refused.class);

        clock.advance(Duration.ofSeconds(30)); // half of the previous minute still inside the window: 5
        assertThat(counters.count("k").result()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(counters.tryTake("k", 1, 10).result()).isInstanceOf(Take.Taken.class);
        }
        // 10 x 30/60 = 5 from the previous minute, 5 from this one; once its share rounds down to 4, one fits.
        assertThat(counters.tryTake("k", 1, 10).result()).isEqualTo(new Take.Refused(Duration.ofMillis(1)));

        clock.advance(Duration.ofMillis(1));
        assertThat(counters.tryTake("k", 1, 10).result()).isInstanceOf(Take.Taken.class);
    }

    @Test
    void shouldLetAtMostOneOverTheLimitThroughAroundAMinuteBoundary() {
        clock.advance(Duration.ofSeconds(59));
        int taken = 0;
        for (int i = 0; i < 20; i++) {
            taken += counters.tryTake("k", 1, 10).result() instanceof Take.Taken ? 1 : 0;
        }
        clock.advance(Duration.ofSeconds(2)); // a fixed window would start counting from zero here
        for (int i = 0; i < 20; i++) {
            taken += counters.tryTake("k", 1, 10).result() instanceof Take.Taken ? 1 : 0;
        }

        // A fixed window would let 20 through; the previous minute's share, rounded down, lets one more.
        assertThat(taken).isEqualTo(11);
    }

    @Test
    void shouldTakeARequestLargerThanTheLimitOnlyWhenNothingElseCounts() {
        assertThat(counters.tryTake("k", 50, 10).result()).isInstanceOf(Take.Taken.class);
        assertThat(counters.tryTake("k", 1, 10).result()).isInstanceOf(Take.Refused.class);
    }

    @Test
    void shouldCorrectATakeInTheWindowItWasCountedIn() {
        Take.Taken reserved = (Take.Taken) counters.tryTake("tokens", 1_000, 2_000).result();
        clock.advance(Duration.ofSeconds(60));
        // Settled a minute later: it corrects the previous minute, which still weighs fully at this instant.
        counters.correct(reserved, 200 - 1_000);
        assertThat(counters.count("tokens").result()).isEqualTo(200);

        counters.correct(reserved, -5_000);
        assertThat(counters.count("tokens").result()).as("never below zero").isZero();

        clock.advance(Duration.ofSeconds(60));
        counters.correct(reserved, 10_000);
        assertThat(counters.count("tokens").result()).as("a take no longer counted is left alone").isZero();
    }

    @Test
    void shouldForgetKeysNotRetained() {
        counters.tryTake("a", 1, 1).result();
        counters.tryTake("b", 1, 1).result();

        counters.retainOnly("a"::equals);

        assertThat(counters.count("a").result()).isEqualTo(1);
        assertThat(counters.count("b").result()).isZero();
    }
}
