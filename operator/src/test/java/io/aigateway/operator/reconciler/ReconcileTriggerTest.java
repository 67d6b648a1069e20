package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReconcileTriggerTest {

    @Test
    void shouldNameSpecChangeWithBothGenerations() {
        assertThat(ReconcileTrigger.describe(3L, 2L, Optional.empty()))
                .isEqualTo("spec changed (generation 3, last observed 2)");
    }

    @Test
    void shouldNameNewResourceWhileItHasNoStatus() {
        assertThat(ReconcileTrigger.describe(1L, null, Optional.empty()))
                .isEqualTo("new resource (generation 1, no status yet)");
    }

    @Test
    void shouldSayNoSpecChangeWhenTheGenerationWasObserved() {
        assertThat(ReconcileTrigger.describe(4L, 4L, Optional.empty()))
                .isEqualTo("no spec change (generation 4): a referenced resource changed, a resync or a restart");
    }

    @Test
    void shouldNameRetryBeforeAnythingElse() {
        assertThat(ReconcileTrigger.describe(3L, 2L, Optional.of(retry(2, false))))
                .isEqualTo("retry 2 after a failed reconcile");
        assertThat(ReconcileTrigger.describe(3L, 3L, Optional.of(retry(5, true))))
                .isEqualTo("retry 5 after a failed reconcile (the last one)");
    }

    private static RetryInfo retry(int attempt, boolean last) {
        return new RetryInfo() {
            @Override
            public int getAttemptCount() {
                return attempt;
            }

            @Override
            public boolean isLastAttempt() {
                return last;
            }
        };
    }
}
