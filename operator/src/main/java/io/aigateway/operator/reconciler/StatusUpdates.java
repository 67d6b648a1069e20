package io.aigateway.operator.reconciler;

import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.aigateway.operator.status.Conditions;
import io.aigateway.operator.status.DesiredCondition;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** Fills a status from desired conditions, and patches it only when it changed. */
public final class StatusUpdates {

    private StatusUpdates() {
    }

    /**
     * Sets observedGeneration and the conditions on a fresh status, keeping each condition's lastTransitionTime
     * from the current status while its status holds.
     */
    public static <S extends ConditionedStatus> S fill(S fresh, CustomResource<?, ? extends ConditionedStatus> resource,
            List<DesiredCondition> desired, Clock clock) {
        long generation = Objects.requireNonNullElse(resource.getMetadata().getGeneration(), 0L);
        List<Condition> current = resource.getStatus() == null ? List.of() : resource.getStatus().getConditions();
        fresh.setObservedGeneration(generation);
        fresh.setConditions(Conditions.merge(current, desired, generation, clock));
        return fresh;
    }

    /** A status patch when the status differs from the resource's current one; no update otherwise. */
    public static <S, P extends CustomResource<?, S>> UpdateControl<P> patchIfChanged(P resource, S desired) {
        if (Objects.equals(resource.getStatus(), desired)) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(desired);
        return UpdateControl.patchStatus(resource);
    }

    /** For log lines: {@code Accepted=True ResolvedRefs=False(ServiceNotFound)}. */
    public static String summary(ConditionedStatus status) {
        return status.getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + ("True".equals(c.getStatus()) ? ""
                        : "(" + c.getReason() + ")"))
                .collect(Collectors.joining(" "));
    }

    /** For log lines: whether the control patches the status. */
    public static String outcome(UpdateControl<?> control) {
        return control.isPatchStatus() ? "status patched" : "status unchanged";
    }
}
