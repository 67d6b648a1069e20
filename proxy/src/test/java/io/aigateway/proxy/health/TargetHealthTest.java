package io.aigateway.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.HealthChecks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The health of a target as users who set only {@code healthChecks.threshold} and {@code interval} know it: the
 * breaker with its defaults (one trial, one success closes it), plus the pauses a provider's retry hints ask for.
 */
class TargetHealthTest {

    private static final HealthChecks THREE_IN_60S = new HealthChecks(true, 3, 60);

    private final FakeClock clock = new FakeClock();

    private TargetHealth health(HealthChecks settings) {
        return new TargetHealth(settings, clock, phase -> { });
    }

    private static void fail(TargetHealth h, int times) {
        for (int i = 0; i < times; i++) {
            h.onFailure("500");
        }
    }

    @Test
    void shouldStartHealthyAndNeverFailed() {
        TargetHealth h = health(THREE_IN_60S);

        assertThat(h.isHealthy()).isTrue();
        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.tryAcquire()).as("healthy targets are not exclusive").isTrue();
        assertThat(h.lastFailureNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(h.snapshot().consecutiveFailures()).isZero();
        assertThat(h.snapshot().lastFailureReason()).isNull();
    }

    @Test
    void shouldBecomeUnhealthyAfterThresholdConsecutiveFailures() {
        TargetHealth h = health(THREE_IN_60S);

        fail(h, 2);
        assertThat(h.isHealthy()).isTrue();
        assertThat(h.tryAcquire()).isTrue();

        h.onFailure("connect");
        assertThat(h.isHealthy()).isFalse();
        assertThat(h.tryAcquire()).isFalse();
        assertThat(h.snapshot().consecutiveFailures()).isEqualTo(3);
        assertThat(h.snapshot().lastFailureReason()).isEqualTo("connect");
        assertThat(h.lastFailureNanos()).isEqualTo(clock.getAsLong());
    }

    @Test
    void shouldResetTheCountOnSuccessSoOnlyConsecutiveFailuresCount() {
        TargetHealth h = health(THREE_IN_60S);

        fail(h, 2);
        h.onSuccess();
        fail(h, 2);

        assertThat(h.isHealthy()).isTrue();
        assertThat(h.snapshot().consecutiveFailures()).isEqualTo(2);
    }

    @Test
    void shouldStayOutOfRotationForTheWholeInterval() {
        TargetHealth h = health(THREE_IN_60S);
        fail(h, 3);

        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(h.tryAcquire()).isFalse();
        assertThat(h.isAvailable()).isFalse();

        clock.advance(Duration.ofNanos(1));
        assertThat(h.isAvailable()).isTrue();
        assertThat(h.tryAcquire()).as("the trial").isTrue();
    }

    @Test
    void shouldLetExactlyOneTrialThroughAfterTheInterval() {
        TargetHealth h = health(THREE_IN_60S);
        fail(h, 3);
        clock.advanceSeconds(60);

        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.tryAcquire()).isFalse();
        assertThat(h.tryAcquire()).isFalse();
        assertThat(h.isHealthy()).isFalse();
        assertThat(h.snapshot().trialsOut()).isEqualTo(1);
        assertThat(h.snapshot().breaker()).isEqualTo(CircuitBreaker.Phase.HALF_OPEN);
    }

    @Test
    void shouldGiveTheTrialToExactlyOneOfManyRacingThreads() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 200; round++) {
                TargetHealth h = health(THREE_IN_60S);
                fail(h, 3);
                clock.advanceSeconds(60);
                CyclicBarrier start = new CyclicBarrier(threads);
                List<Future<Integer>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        int won = 0;
                        for (int i = 0; i < 100; i++) {
                            won += h.tryAcquire() ? 1 : 0;
                        }
                        return won;
                    }));
                }
                int trials = 0;
                for (Future<Integer> r : results) {
                    trials += r.get(10, TimeUnit.SECONDS);
                }
                assertThat(trials).as("round %d", round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldBecomeHealthyWhenTheTrialSucceeds() {
        TargetHealth h = health(THREE_IN_60S);
        fail(h, 3);
        clock.advanceSeconds(60);
        assertThat(h.tryAcquire()).isTrue();

        h.onSuccess();

        assertThat(h.isHealthy()).isTrue();
        assertThat(h.snapshot().consecutiveFailures()).isZero();
        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.tryAcquire()).isTrue();
        // failures counted afresh: two more are not enough
        fail(h, 2);
        assertThat(h.isHealthy()).isTrue();
    }

    @Test
    void shouldStartAnotherIntervalWhenTheTrialFails() {
        TargetHealth h = health(THREE_IN_60S);
        fail(h, 3);
        clock.advanceSeconds(60);
        assertThat(h.tryAcquire()).isTrue();
        clock.advanceSeconds(5);

        h.onFailure("503");

        assertThat(h.isHealthy()).isFalse();
        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(h.tryAcquire()).as("a full interval from the trial's failure").isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.tryAcquire()).isFalse();
    }

    @Test
    void shouldReleaseATrialWhoseHolderNeverReportsAfterAnotherInterval() {
        TargetHealth h = health(THREE_IN_60S);
        fail(h, 3);
        clock.advanceSeconds(60);
        assertThat(h.tryAcquire()).as("a trial that is then lost").isTrue();

        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(h.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(h.tryAcquire()).as("a new trial").isTrue();
        assertThat(h.tryAcquire()).isFalse();
    }

    @Test
    void shouldPauseForARetryHintWithoutCountingAFailure() {
        TargetHealth h = health(new HealthChecks(true, 1, 60));

        h.pauseFor(Duration.ofSeconds(7));

        assertThat(h.tryAcquire()).isFalse();
        assertThat(h.isAvailable()).isFalse();
        assertThat(h.isHealthy()).as("a limit is not a fault, even at a threshold of 1").isTrue();
        assertThat(h.snapshot().pausedFor()).isEqualTo(Duration.ofSeconds(7));
        assertThat(h.snapshot().consecutiveFailures()).isZero();
        assertThat(h.lastFailureNanos()).as("the last resort still prefers others").isEqualTo(clock.getAsLong());

        clock.advance(Duration.ofSeconds(7).minusNanos(1));
        assertThat(h.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.tryAcquire()).as("not a trial: open to everyone again").isTrue();
        assertThat(h.snapshot().pausedFor()).isEqualTo(Duration.ZERO);
    }

    @Test
    void shouldKeepTheLongerOfTwoPauses() {
        TargetHealth h = health(THREE_IN_60S);

        h.pauseFor(Duration.ofSeconds(30));
        h.pauseFor(Duration.ofSeconds(5));

        clock.advanceSeconds(29);
        assertThat(h.tryAcquire()).isFalse();
        clock.advanceSeconds(1);
        assertThat(h.tryAcquire()).isTrue();
    }

    @Test
    void shouldHoldTheTrialBackWhilePausedPastTheInterval() {
        TargetHealth h = health(new HealthChecks(true, 1, 10));

        // A 503 with Retry-After: a failure, and a pause.
        h.onFailure("503");
        h.pauseFor(Duration.ofSeconds(30));
        assertThat(h.isHealthy()).isFalse();

        clock.advanceSeconds(10);
        assertThat(h.tryAcquire()).as("interval over, still paused").isFalse();
        clock.advanceSeconds(20);
        assertThat(h.tryAcquire()).as("the trial").isTrue();
        assertThat(h.tryAcquire()).isFalse();
    }

    @Test
    void shouldPauseEvenWhenPassiveChecksAreOff() {
        TargetHealth h = health(new HealthChecks(false, 1, 60));

        h.pauseFor(Duration.ofSeconds(3));

        assertThat(h.tryAcquire()).isFalse();
        clock.advanceSeconds(3);
        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.isHealthy()).isTrue();
    }

    @Test
    void shouldNeverBecomeUnhealthyWhenPassiveChecksAreOff() {
        TargetHealth h = health(new HealthChecks(false, 1, 60));

        fail(h, 1000);

        assertThat(h.isHealthy()).isTrue();
        assertThat(h.tryAcquire()).isTrue();
        assertThat(h.snapshot().consecutiveFailures()).as("still counted, for status").isEqualTo(1000);
        assertThat(h.lastFailureNanos()).isEqualTo(clock.getAsLong());
    }

    @Test
    void shouldTreatAnySuccessAsRecovery() {
        TargetHealth h = health(THREE_IN_60S);
        fail(h, 3);

        // a request that started before the target went unhealthy and then succeeded
        h.onSuccess();

        assertThat(h.isHealthy()).isTrue();
        assertThat(h.tryAcquire()).isTrue();
    }

    @Test
    void shouldReportWhenItLastChangedState() {
        TargetHealth h = health(THREE_IN_60S);
        clock.advanceSeconds(100);
        fail(h, 2);
        assertThat(h.snapshot().sinceTransition()).as("failures below the threshold change nothing")
                .isEqualTo(Duration.ofSeconds(100));

        h.onFailure("timeout");
        clock.advanceSeconds(4);

        TargetHealth.Snapshot s = h.snapshot();
        assertThat(s.healthy()).isFalse();
        assertThat(s.sinceTransition()).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.lastFailureReason()).isEqualTo("timeout");

        clock.advanceSeconds(60);
        assertThat(h.tryAcquire()).isTrue();
        h.onSuccess();
        clock.advanceSeconds(1);
        assertThat(h.snapshot()).isEqualTo(
                new TargetHealth.Snapshot(true, 0, "timeout", Duration.ofSeconds(1), Duration.ZERO,
                        CircuitBreaker.Phase.CLOSED, 0, null));
    }

    @Test
    void shouldCountEveryFailureUnderConcurrency() throws Exception {
        TargetHealth h = health(new HealthChecks(false, 1, 60));
        int threads = 8;
        int each = 10_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        AtomicInteger refused = new AtomicInteger();
        try {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < each; i++) {
                        h.onFailure("500");
                        if (!h.tryAcquire()) {
                            refused.incrementAndGet();
                        }
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(h.snapshot().consecutiveFailures()).isEqualTo(threads * each);
        assertThat(refused).hasValue(0);
    }
}
