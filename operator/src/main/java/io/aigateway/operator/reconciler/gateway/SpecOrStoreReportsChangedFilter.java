package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.reconciler.GenerationChangedFilter;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;

/**
 * Passes an update of an AIGateway when its spec changed, or when its proxies' store reports say something new (a
 * replica flipped, appeared or was dropped), so that {@code RateLimitStoreAvailable} follows them at once. Renewals,
 * which only move a report's time, and the operator's own status writes pass no event; a report that expires is
 * seen by the reconcile scheduled at its expiry.
 */
public final class SpecOrStoreReportsChangedFilter implements OnUpdateFilter<AIGateway> {

    private final GenerationChangedFilter<AIGateway> specChanged = new GenerationChangedFilter<>();

    @Override
    public boolean accept(AIGateway newResource, AIGateway oldResource) {
        return specChanged.accept(newResource, oldResource) || !StoreAvailability.reports(newResource)
                .sameViews(StoreAvailability.reports(oldResource));
    }
}
