package io.aigateway.proxy.routing;

import static io.aigateway.proxy.routing.Fixtures.runtimes;
import static io.aigateway.proxy.routing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.proxy.health.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LowestLatencySelectorTest {

    private final FakeClock clock = new FakeClock();
    private final TargetRuntime[] t = runtimes(clock, target("slow", 1, 1), target("fast", 1, 1));
    private final LowestLatencySelector selector = new LowestLatencySelector(t);

    private String pick() {
        return t[selector.pick(ExpectedTokens.NONE)].target().name();
    }

    private void answers(int target, int count, long millis) {
        for (int i = 0; i < count; i++) {
            t[target].answered(Duration.ofMillis(millis).toNanos());
        }
    }

    @Test
    void shouldPickTheFasterTargetOnceBothEarnedTheirSamples() {
        answers(0, 5, 800);
        answers(1, 5, 100);

        assertThat(pick()).isEqualTo("fast");
        assertThat(pick()).isEqualTo("fast");
    }

    @Test
    void shouldSendTrafficToATargetWithoutSamplesUntilItEarnedThem() {
        answers(0, 5, 800);
        assertThat(pick()).as("fast has no samples yet").isEqualTo("fast");

        t[1].started();
        t[1].started();
        t[1].started();
        assertThat(pick()).as("three in flight count as measuring already").isEqualTo("slow");
        t[1].finished();
        t[1].finished();
        t[1].finished();
        answers(1, LowestLatencySelector.SAMPLES_TO_EARN, 100);

        assertThat(pick()).isEqualTo("fast");
    }

    @Test
    void shouldMeasureADominatedTargetAgainOnceItsSamplesAgedOut() {
        answers(0, 5, 800);
        answers(1, 5, 100);
        clock.advanceSeconds(200);
        answers(1, 5, 100);
        assertThat(pick()).isEqualTo("fast");

        clock.advanceSeconds(110);

        assertThat(pick()).as("slow's answers left the 5 minute window: it gets a new chance").isEqualTo("slow");
    }

    @Test
    void shouldGoByThePercentileNotTheAverage() {
        // fast on average, but its 95th percentile is a 3 s straggler.
        answers(0, 20, 400);
        answers(1, 18, 50);
        answers(1, 2, 3_000);

        assertThat(pick()).isEqualTo("slow");
    }

    @Test
    void shouldSkipAnUnavailableTarget() {
        answers(0, 5, 800);
        answers(1, 5, 100);
        t[1].health().onFailure("500");

        assertThat(pick()).isEqualTo("slow");
    }
}
