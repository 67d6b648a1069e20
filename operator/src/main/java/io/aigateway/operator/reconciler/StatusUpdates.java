package io.aigateway.operator.reconciler;

import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.aigateway.operator.status.Conditions;
import io.aigateway.operator.status.DesiredCondition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;
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

    /**
     * Writes the status when it differs from the resource's current one, and makes sure the next reconcile sees
     * what was written; true when it wrote. The reconciler then returns {@code UpdateControl.noUpdate()}.
     *
     * <p>The write goes through JOSDK's {@link PrimaryUpdateAndCacheUtils} rather than
     * {@code UpdateControl.patchStatus}: without server-side apply, the latter sends a JSON patch computed against
     * the cached resource, and when that cache lags behind our previous write the patch leaves fields stale (seen
     * against the mock API server: a condition stuck at False; the mock's JSON merge patch also appends to
     * lists). Without server-side apply this replaces the status, locked on the resourceVersion; JOSDK retries a
     * conflict against a fresher cache entry and caches what was written. With server-side apply (the operator's
     * default) it applies the status as our field manager.
     */
    public static <S, P extends CustomResource<?, S>> boolean writeIfChanged(P resource, S desired,
            Context<P> context, Supplier<P> empty) {
        return writeIfChanged(resource, desired, context, empty, (current, wanted) -> wanted);
    }

    /**
     * As {@link #writeIfChanged(CustomResource, Object, Context, Supplier)}, for a status others write fields of:
     * {@code keep} takes the status on the server and the desired one, and returns what to write.
     */
    public static <S, P extends CustomResource<?, S>> boolean writeIfChanged(P resource, S desired,
            Context<P> context, Supplier<P> empty, BinaryOperator<S> keep) {
        if (Objects.equals(resource.getStatus(), desired)) {
            return false;
        }
        if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            P fresh = empty.get();
            fresh.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                    .withNamespace(resource.getMetadata().getNamespace()).build());
            fresh.setStatus(desired);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, fresh, context);
        } else {
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, current -> {
                current.setStatus(keep.apply(current.getStatus(), desired));
                return current;
            });
        }
        return true;
    }

    /** For log lines: {@code Accepted=True ResolvedRefs=False(ServiceNotFound)}. */
    public static String summary(ConditionedStatus status) {
        return status.getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + ("True".equals(c.getStatus()) ? ""
                        : "(" + c.getReason() + ")"))
                .collect(Collectors.joining(" "));
    }

    /** For log lines: whether the status was written. */
    public static String outcome(boolean written) {
        return written ? "status written" : "status unchanged";
    }
}
