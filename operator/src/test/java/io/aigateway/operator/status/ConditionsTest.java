package io.aigateway.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Clock MONDAY = Clock.fixed(Instant.parse("2026-06-01T10:00:00.789Z"), ZoneOffset.UTC);
    private static final Clock TUESDAY = Clock.fixed(Instant.parse("2026-06-02T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldKeepTheTransitionTimeWhileTheStatusHolds() {
        List<Condition> first = Conditions.merge(List.of(),
                List.of(DesiredCondition.isTrue(ConditionType.ACCEPTED, Reason.ACCEPTED, "fine")), 1, MONDAY);
        List<Condition> second = Conditions.merge(first,
                List.of(DesiredCondition.isTrue(ConditionType.ACCEPTED, Reason.ACCEPTED, "still fine")), 2, TUESDAY);

        assertThat(first.get(0).getLastTransitionTime()).isEqualTo("2026-06-01T10:00:00Z");
        assertThat(second.get(0).getLastTransitionTime()).isEqualTo("2026-06-01T10:00:00Z");
        assertThat(second.get(0).getObservedGeneration()).isEqualTo(2L);
        assertThat(second.get(0).getMessage()).isEqualTo("still fine");
    }

    @Test
    void shouldStampANewTransitionTimeWhenTheStatusFlips() {
        List<Condition> accepted = Conditions.merge(List.of(),
                List.of(DesiredCondition.isTrue(ConditionType.ACCEPTED, Reason.ACCEPTED, "fine")), 1, MONDAY);
        List<Condition> rejected = Conditions.merge(accepted,
                List.of(DesiredCondition.isFalse(ConditionType.ACCEPTED, Reason.INVALID_PATH, "bad path")), 2,
                TUESDAY);

        assertThat(rejected.get(0).getStatus()).isEqualTo("False");
        assertThat(rejected.get(0).getReason()).isEqualTo("InvalidPath");
        assertThat(rejected.get(0).getLastTransitionTime()).isEqualTo("2026-06-02T10:00:00Z");
    }
}
