package io.aigateway.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.HealthChecks;
import io.aigateway.proxy.health.CircuitBreaker.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The breaker's state machine on a fake clock: the seed's failure_threshold 5, success_threshold 3, timeout 60s. */
class CircuitBreakerTest {

    /** Opens after 5 failures, half-open after 60 s with 2 trials at once, closed after 3 successes. */
    private static final HealthChecks SEED = new HealthChecks(true, 5, 60, 3, 2, null);

    private final FakeClock clock = new FakeClock();
    private final List<Phase> transitions = new ArrayList<>();

    private CircuitBreaker breaker(HealthChecks settings) {
        return new CircuitBreaker(settings, clock, transitions::add);
    }

    private static void fail(CircuitBreaker b, int times) {
        for (int i = 0; i < times; i++) {
            b.onFailure("500", true);
        }
    }

    private CircuitBreaker halfOpen() {
        CircuitBreaker b = breaker(SEED);
        fail(b, 5);
        clock.advanceSeconds(60);
        return b;
    }

    @Test
    void shouldOpenAfterFailureThresholdConsecutiveFailures() {
        CircuitBreaker b = breaker(SEED);

        fail(b, 4);
        assertThat(b.snapshot().phase()).isEqualTo(Phase.CLOSED);
        assertThat(b.tryAcquire()).isTrue();
        b.onFailure("timeout", true);

        assertThat(b.snapshot().phase()).isEqualTo(Phase.OPEN);
        assertThat(b.tryAcquire()).isFalse();
        assertThat(b.isAvailable()).isFalse();
        assertThat(b.snapshot().lastFailureReason()).isEqualTo("timeout");
        assertThat(transitions).containsExactly(Phase.OPEN);
    }

    @Test
    void shouldTurnHalfOpenAfterTheTimeoutAndAdmitABoundedNumberOfTrials() {
        CircuitBreaker b = breaker(SEED);
        fail(b, 5);

        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(b.snapshot().phase()).as("due").isEqualTo(Phase.HALF_OPEN);

        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).as("halfOpenRequests: 2").isFalse();
        assertThat(b.isAvailable()).isFalse();
        assertThat(b.snapshot().trialsOut()).isEqualTo(2);
        assertThat(transitions).containsExactly(Phase.OPEN, Phase.HALF_OPEN);
    }

    @Test
    void shouldCloseAfterSuccessThresholdSuccesses() {
        CircuitBreaker b = halfOpen();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();

        b.onSuccess();
        assertThat(b.snapshot().phase()).isEqualTo(Phase.HALF_OPEN);
        assertThat(b.tryAcquire()).as("a reported trial frees its place").isTrue();
        b.onSuccess();
        assertThat(b.isClosed()).isFalse();
        b.onSuccess();

        assertThat(b.isClosed()).isTrue();
        assertThat(b.snapshot().consecutiveFailures()).isZero();
        assertThat(transitions).containsExactly(Phase.OPEN, Phase.HALF_OPEN, Phase.CLOSED);
        fail(b, 4);
        assertThat(b.isClosed()).as("failures counted afresh").isTrue();
    }

    @Test
    void shouldOpenAgainForAWholeTimeoutWhenATrialFails() {
        CircuitBreaker b = halfOpen();
        assertThat(b.tryAcquire()).isTrue();
        b.onSuccess();
        assertThat(b.tryAcquire()).isTrue();

        b.onFailure("503", true);

        assertThat(b.snapshot().phase()).isEqualTo(Phase.OPEN);
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(b.tryAcquire()).isTrue();
        b.onSuccess();
        b.onSuccess();
        assertThat(b.isClosed()).as("the success before the failure no longer counts").isFalse();
        b.onSuccess();
        assertThat(b.isClosed()).isTrue();
        assertThat(transitions).containsExactly(Phase.OPEN, Phase.HALF_OPEN, Phase.OPEN, Phase.HALF_OPEN,
                Phase.CLOSED);
    }

    @Test
    void shouldHandOutTrialsAfreshWhenTheirHoldersNeverReport() {
        CircuitBreaker b = halfOpen();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();

        clock.advance(Duration.ofSeconds(60).minusNanos(1));
        assertThat(b.tryAcquire()).isFalse();
        clock.advance(Duration.ofNanos(1));
        assertThat(b.isAvailable()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isTrue();
        assertThat(b.tryAcquire()).isFalse();
    }

    @Test
    void shouldRememberButNotCountFailuresThatDoNotCount() {
        CircuitBreaker b = breaker(SEED);

        for (int i = 0; i < 10; i++) {
            b.onFailure("500", false);
        }

        assertThat(b.isClosed()).isTrue();
        assertThat(b.snapshot().consecutiveFailures()).isEqualTo(10);
        assertThat(b.snapshot().lastFailureReason()).isEqualTo("500");
        assertThat(transitions).isEmpty();
    }

    @Test
    void shouldNotLetAPassingProbeResetTheFailuresOfRequests() {
        CircuitBreaker b = breaker(SEED);
        fail(b, 4);

        b.onProbeSuccess();
        b.onFailure("500", true);

        assertThat(b.snapshot().phase()).as("the models listing answering says nothing of completions")
                .isEqualTo(Phase.OPEN);
    }

    @Test
    void shouldCountPassingProbesOnlyOnceTheTimeoutIsOver() {
        CircuitBreaker b = breaker(SEED);
        fail(b, 5);

        clock.advanceSeconds(30);
        b.onProbeSuccess();
        b.onProbeSuccess();
        b.onProbeSuccess();
        assertThat(b.snapshot().phase()).as("the pause the failures earned stands").isEqualTo(Phase.OPEN);

        clock.advanceSeconds(30);
        b.onProbeSuccess();
        b.onProbeSuccess();
        assertThat(b.isClosed()).isFalse();
        b.onProbeSuccess();
        assertThat(b.isClosed()).isTrue();
    }

    @Test
    void shouldKeepAnOpenBreakerOpenWhileFailuresKeepComing() {
        CircuitBreaker b = breaker(SEED);
        fail(b, 5);

        for (int i = 0; i < 10; i++) {
            clock.advanceSeconds(30);
            b.onFailure("connection refused", true);
            assertThat(b.tryAcquire()).as("each failure restarts the timeout").isFalse();
        }
        clock.advanceSeconds(60);
        assertThat(b.tryAcquire()).isTrue();
        assertThat(transitions).containsExactly(Phase.OPEN, Phase.HALF_OPEN);
    }

    @Test
    void shouldCountALateSuccessOfARequestWhileOpen() {
        CircuitBreaker b = breaker(new HealthChecks(true, 3, 60));
        fail(b, 3);

        // A request that started before the breaker opened, and then succeeded: the target answers.
        b.onSuccess();

        assertThat(b.isClosed()).as("successThreshold 1, as before the breaker had one").isTrue();
    }

    @Test
    void shouldReportSinceWhenItIsInItsPhase() {
        CircuitBreaker b = breaker(SEED);
        clock.advanceSeconds(100);
        fail(b, 5);
        clock.advanceSeconds(7);

        assertThat(b.snapshot()).isEqualTo(new CircuitBreaker.Snapshot(Phase.OPEN, 5, "500", Duration.ofSeconds(7),
                0));
    }
}
