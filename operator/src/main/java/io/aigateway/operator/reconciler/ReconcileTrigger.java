package io.aigateway.operator.reconciler;

import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import java.util.Optional;

/**
 * Why a reconcile runs, for its log line. JOSDK does not hand the triggering event to {@code reconcile()}, so this
 * is derived from what is known: a retry in progress, or the resource's generation against the one its status
 * last described. Anything else cannot be told apart and is said so.
 */
public final class ReconcileTrigger {

    private ReconcileTrigger() {
    }

    /** For example {@code spec changed (generation 3, last observed 2)}; never empty. */
    public static String describe(CustomResource<?, ? extends ConditionedStatus> resource, Context<?> context) {
        ConditionedStatus status = resource.getStatus();
        return describe(resource.getMetadata().getGeneration(), status == null ? null : status.getObservedGeneration(),
                context.getRetryInfo());
    }

    static String describe(Long generation, Long observedGeneration, Optional<RetryInfo> retry) {
        if (retry.isPresent()) {
            return "retry " + retry.get().getAttemptCount() + " after a failed reconcile"
                    + (retry.get().isLastAttempt() ? " (the last one)" : "");
        }
        if (observedGeneration == null) {
            return "new resource (generation " + generation + ", no status yet)";
        }
        if (generation != null && generation > observedGeneration) {
            return "spec changed (generation " + generation + ", last observed " + observedGeneration + ")";
        }
        // A secondary resource's event, a rescheduled or periodic run, or the operator's (re)start.
        return "no spec change (generation " + generation + "): a referenced resource changed, a resync or a restart";
    }
}
