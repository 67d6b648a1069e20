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
     * As {@link #writeIfChanged(CustomResource, Object, Context, Supplier)}, for a status others write fields of.
     * {@code keep} takes a status as the server has it and the desired one, and returns a new status: the desired
     * one with the others' fields taken from the server's; it must not change either argument.
     *
     * <p>The change check compares with the others' fields kept, so their writes alone cause no write of ours.
     * Server-side apply sends {@code desired} alone, whose others' fields must be null (and so absent from the JSON):
     * the operator then never owns them. Without server-side apply the write replaces the whole status, locked on
     * the resourceVersion; after a conflict JOSDK calls the modification again on the fresher resource, so what
     * another writer wrote meanwhile is kept.
     */
    public static <S, P extends CustomResource<?, S>> boolean writeIfChanged(P resource, S desired,
            Context<P> context, Supplier<P> empty, BinaryOperator<S> keep) {
        if (Objects.equals(resource.getStatus(), keep.apply(resource.getStatus(), desired))) {
            return false;
        }
        if (context.getControllerConfiguration().getConfigurationService().useSSAToPatchPrimaryResource()) {
            P applied = statusToApply(resource, desired, empty);
            PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(resource, applied, context);
        } else {
            PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, current -> {
                current.setStatus(keep.apply(current.getStatus(), desired));
                return current;
            });
        }
        return true;
    }

    /** What server-side apply sends: the resource's name and namespace, and the desired status, nothing else. */
    public static <S, P extends CustomResource<?, S>> P statusToApply(P resource, S desired, Supplier<P> empty) {
        P fresh = empty.get();
        fresh.setMetadata(new ObjectMetaBuilder().withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace()).build());
        fresh.setStatus(desired);
        return fresh;
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
