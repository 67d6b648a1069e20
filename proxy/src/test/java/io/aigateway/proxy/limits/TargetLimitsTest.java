package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.RateLimit;
import io.aigateway.proxy.support.CountingWindowCounters;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

class TargetLimitsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalWindowCounters counters = new LocalWindowCounters(clock);

    private TargetLimits limits(RateLimit settings) {
        return new TargetLimits("u/t", settings, counters, clock);
    }

    private static Permit admitted(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).permit();
    }

    @Test
    void shouldHoldAConcurrencySlotUntilTheAttemptEnds() {
        TargetLimits limits = limits(new RateLimit(null, null, 1));
        Permit first = admitted(limits.admit(0).result());

        assertThat(limits.admit(0).result()).isEqualTo(new Admission.Limited(TargetLimits.CONCURRENT_REQUESTS,
                TargetLimits.SLOT_WAIT));
        first.endAttempt();
        first.endAttempt(); // twice frees one slot, not two
        admitted(limits.admit(0).result());
        assertThat(limits.admit(0).result()).isInstanceOf(Admission.Limited.class);
    }

    @Test
    void shouldNotCountARequestThatALaterLimitRefused() {
        TargetLimits limits = limits(new RateLimit(2, 100L, 5));
        admitted(limits.admit(100).result());

        assertThat(limits.admit(10).result()).isInstanceOf(Admission.Limited.class)
                .extracting(a -> ((Admission.Limited) a).limit()).isEqualTo(TargetLimits.TOKENS_PER_MINUTE);

        TargetLimits.Headroom headroom = limits.headroom().result();
        assertThat(headroom.requestsLeft()).isEqualTo(1);
        assertThat(headroom.concurrentLeft()).isEqualTo(4);
    }

    @Test
    void shouldSettleTheReservationWithTheReportedUsage() {
        TargetLimits limits = limits(new RateLimit(null, 1_000L, null));
        Permit permit = admitted(limits.admit(900).result());
        assertThat(limits.admit(200).result()).isInstanceOf(Admission.Limited.class);

        permit.settle(150);
        permit.settle(900); // settled once

        assertThat(limits.headroom().result().tokensLeft()).isEqualTo(850);
        admitted(limits.admit(200).result());
    }

    @Test
    void shouldGiveTheReservationBackWhenTheAttemptFailedBeforeAnyToken() {
        TargetLimits limits = limits(new RateLimit(null, 1_000L, null));
        Permit permit = admitted(limits.admit(900).result());

        permit.refund();

        assertThat(limits.headroom().result().tokensLeft()).isEqualTo(1_000);
    }

    @Test
    void shouldSkipATargetWhoseProviderBudgetIsSpentUntilItsReset() {
        TargetLimits limits = limits(null);
        limits.pauseFor(Duration.ofSeconds(20), "x-ratelimit-remaining-requests: 0");
        limits.pauseFor(Duration.ofSeconds(5), "429"); // a shorter pause does not cut the longer one

        clock.advance(Duration.ofSeconds(8));
        assertThat(limits.admit(0).result()).isEqualTo(new Admission.Limited(TargetLimits.PROVIDER, Duration.ofSeconds(12)));
        assertThat(limits.headroom().result().providerPauseReason()).isEqualTo("x-ratelimit-remaining-requests: 0");

        clock.advance(Duration.ofSeconds(12));
        admitted(limits.admit(0).result());
        assertThat(limits.headroom().result().providerPausedFor()).isNull();
    }

    @Test
    void shouldAdmitUncountedWhenTheStoreFailsToAnswer() {
        WindowCounters down = new WindowCounters() {
            @Override
            public Future<Outcome> reserve(List<Claim> claims) {
                return Future.failedFuture(new IllegalStateException("store unreachable"));
            }

            @Override
            public Future<Void> settle(Reservation reservation, ToLongFunction<Claim> actual) {
                return Future.failedFuture(new IllegalStateException("store unreachable"));
            }

            @Override
            public Future<Long> count(Counter counter) {
                return Future.failedFuture(new IllegalStateException("store unreachable"));
            }

            @Override
            public void retainOnly(Predicate<Counter> keep) {
            }
        };
        TargetLimits limits = new TargetLimits("u/t", new RateLimit(1, 10L, 1), down, clock);

        admitted(limits.admit(5).result());
        admitted(limits.admit(5).result()); // nor is a concurrency slot kept for a request the store did not count
    }

    @Test
    void shouldNotAskTheStoreForATargetWithoutWindowLimits() {
        CountingWindowCounters counting = new CountingWindowCounters(counters);

        Permit concurrentOnly = admitted(new TargetLimits("u/t", new RateLimit(null, null, 2), counting, clock)
                .admit(100).result());
        concurrentOnly.settle(50);
        Permit unlimited = admitted(new TargetLimits("u/u", null, counting, clock).admit(100).result());
        unlimited.settle(50);

        assertThat(counting.reserves()).isEmpty();
        assertThat(counting.settles()).isZero();
    }
}
