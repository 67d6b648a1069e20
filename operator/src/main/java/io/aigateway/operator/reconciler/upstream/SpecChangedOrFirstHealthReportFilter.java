package io.aigateway.operator.reconciler.upstream;

import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.GenerationChangedFilter;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * Passes an update of an AIUpstream when its spec changed, or when health reports appear on an AIUpstream that had
 * none: no reconcile has scheduled their expiry yet ({@link HealthExpiry}). Later reports and renewals, and the
 * status writes of the reconcilers, pass no event: the reconcile scheduled at the first expiry sees them.
 */
public final class SpecChangedOrFirstHealthReportFilter implements OnUpdateFilter<AIUpstream> {

    private final GenerationChangedFilter<AIUpstream> specChanged = new GenerationChangedFilter<>();

    @Override
    public boolean accept(AIUpstream newResource, AIUpstream oldResource) {
        return specChanged.accept(newResource, oldResource) || (!hasReports(oldResource) && hasReports(newResource));
    }

    private static boolean hasReports(AIUpstream upstream) {
        return upstream.getStatus() != null && upstream.getStatus().getHealth() != null
                && !upstream.getStatus().getHealth().replicas().isEmpty();
    }
}
