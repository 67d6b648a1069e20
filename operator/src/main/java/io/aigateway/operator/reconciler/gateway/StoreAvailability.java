package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.usage.StoreReplicaReport;
import io.aigateway.model.usage.StoreReports;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.RateLimitStoreSpec;
import io.aigateway.operator.reconciler.Reschedule;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The {@code RateLimitStoreAvailable} condition of a gateway with a redis store, from its proxies' reports in
 * {@code status.rateLimitStore}: True when every replica with an unexpired report reaches the store, False
 * ({@code RateLimitStoreUnreachable}) when any does not. Absent for the local store, and while no replica reported:
 * no evidence either way (Ready says whether any replica runs).
 */
final class StoreAvailability {

    private final Clock clock;

    StoreAvailability(Clock clock) {
        this.clock = clock;
    }

    Optional<DesiredCondition> condition(AIGateway gateway) {
        RateLimitStoreSpec store = gateway.getSpec() == null ? null : gateway.getSpec().getRateLimitStore();
        if (store == null || !"redis".equals(store.getType())) {
            return Optional.empty();
        }
        List<StoreReplicaReport> live = reports(gateway).live(clock.instant(), HealthAggregation.REPORT_TTL);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        long unreachable = live.stream().filter(r -> !r.available()).count();
        if (unreachable == 0) {
            return Optional.of(DesiredCondition.isTrue(ConditionType.RATE_LIMIT_STORE_AVAILABLE,
                    Reason.RATE_LIMIT_STORE_REACHABLE, "All " + live.size() + " reporting proxy replicas reach "
                            + store.getAddress() + "."));
        }
        boolean closed = "closed".equals(store.getFailMode());
        return Optional.of(DesiredCondition.isFalse(ConditionType.RATE_LIMIT_STORE_AVAILABLE,
                Reason.RATE_LIMIT_STORE_UNREACHABLE, unreachable + " of " + live.size() + " reporting proxy "
                        + "replicas cannot reach " + store.getAddress() + " in time; meanwhile, with failMode "
                        + (closed ? "closed, they answer 503 to requests that have a key limit or budget to check"
                                : "open, they serve and count in their own memory, so limits hold per replica")
                        + ". They switch back by themselves once it answers; see the logs of the pods of "
                        + GatewayNames.proxyName(gateway.getMetadata().getName()) + "."));
    }

    /** How long until a report stops counting, so that the condition is computed again then; empty without one. */
    Optional<Duration> untilFirstExpiry(AIGateway gateway) {
        Instant now = clock.instant();
        return reports(gateway).firstExpiry(now, HealthAggregation.REPORT_TTL)
                .map(expiry -> Reschedule.justAfter(expiry, now));
    }

    /** The gateway's store reports; empty when it has none. */
    static StoreReports reports(AIGateway gateway) {
        return gateway.getStatus() == null || gateway.getStatus().getRateLimitStore() == null ? StoreReports.EMPTY
                : gateway.getStatus().getRateLimitStore();
    }
}
