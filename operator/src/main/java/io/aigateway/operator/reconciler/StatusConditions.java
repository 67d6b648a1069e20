package io.aigateway.operator.reconciler;

import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Derives a resource's conditions from the compiler's diagnostics about it. */
public final class StatusConditions {

    private StatusConditions() {
    }

    /**
     * One desired condition per type: False with the first diagnostic's reason and every message of that type
     * joined, or True with the positive reason when there is none.
     */
    public static List<DesiredCondition> fromDiagnostics(List<Diagnostic> diagnostics, ConditionType... types) {
        List<DesiredCondition> desired = new ArrayList<>();
        for (ConditionType type : types) {
            List<Diagnostic> ofType = diagnostics.stream().filter(d -> d.condition() == type).toList();
            if (ofType.isEmpty()) {
                desired.add(DesiredCondition.isTrue(type, positiveReason(type), positiveMessage(type)));
            } else {
                desired.add(DesiredCondition.isFalse(type, ofType.get(0).reason(),
                        ofType.stream().map(Diagnostic::message).collect(Collectors.joining("; "))));
            }
        }
        return desired;
    }

    private static Reason positiveReason(ConditionType type) {
        return switch (type) {
            case ACCEPTED -> Reason.ACCEPTED;
            case RESOLVED_REFS -> Reason.RESOLVED_REFS;
            case READY -> Reason.CONFIG_WRITTEN;
            case RATE_LIMIT_STORE_AVAILABLE -> Reason.RATE_LIMIT_STORE_REACHABLE;
        };
    }

    private static String positiveMessage(ConditionType type) {
        return switch (type) {
            case ACCEPTED -> "The spec is valid.";
            case RESOLVED_REFS -> "Every referenced resource exists.";
            case READY -> "The routing config is written.";
            case RATE_LIMIT_STORE_AVAILABLE -> "Every reporting proxy replica reaches the rate-limit store.";
        };
    }
}
