package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusConditionsTest {

    private static final ResourceRef RULE = new ResourceRef("AIRule", "default", "chat");

    @Test
    void shouldTurnDiagnosticsIntoFalseConditionsOfTheirTypeOnly() {
        List<DesiredCondition> desired = StatusConditions.fromDiagnostics(List.of(
                new Diagnostic(RULE, ConditionType.RESOLVED_REFS, Reason.SERVICE_NOT_FOUND, "no service"),
                new Diagnostic(RULE, ConditionType.RESOLVED_REFS, Reason.UPSTREAM_NOT_FOUND, "no upstream")),
                ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS);

        assertThat(desired).containsExactly(
                DesiredCondition.isTrue(ConditionType.ACCEPTED, Reason.ACCEPTED, "The spec is valid."),
                DesiredCondition.isFalse(ConditionType.RESOLVED_REFS, Reason.SERVICE_NOT_FOUND,
                        "no service; no upstream"));
    }
}
