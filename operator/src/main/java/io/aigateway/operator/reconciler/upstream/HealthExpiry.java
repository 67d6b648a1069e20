package io.aigateway.operator.reconciler.upstream;

import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.HealthStatusPatch;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.Reschedule;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the proxies' health reports no replica renews any more: its gateway was deleted or scaled to zero, or no
 * longer routes to the upstream. The proxies drop an expired report only when they write, and then none may write
 * again. When no report is left, {@code status.health} and {@code status.healthy} are removed: the HEALTHY column
 * is then empty, as before any report, rather than showing the last figures.
 *
 * <p>It writes these fields as the proxies do ({@link HealthStatusPatch}): a JSON patch of those two fields only,
 * locked on the resourceVersion read, never a server-side apply, so the operator never becomes their applier. A
 * conflict is retried by JOSDK on the fresher AIUpstream from its cache, so a report written meanwhile is kept.
 */
final class HealthExpiry {

    private static final Logger LOG = LoggerFactory.getLogger(HealthExpiry.class);

    private final Clock clock;

    HealthExpiry(Clock clock) {
        this.clock = clock;
    }

    /**
     * Drops the expired reports of the AIUpstream, if any, and returns it as it then stands: as written, or as it
     * was.
     */
    AIUpstream expire(AIUpstream upstream, Context<AIUpstream> context) {
        if (patch(upstream).isEmpty()) {
            return upstream;
        }
        PatchContext patchContext = new PatchContext.Builder().withPatchType(PatchType.JSON)
                .withFieldManager(context.getControllerConfiguration().fieldManager()).build();
        return PrimaryUpdateAndCacheUtils.updateAndCacheResource(upstream, context, UnaryOperator.identity(),
                current -> patch(current).map(patch -> write(current, patch, patchContext, context)).orElse(current));
    }

    /**
     * The patch that drops the expired reports of the AIUpstream as read, and recomputes the aggregate; or removes
     * the proxies' fields when no report is left. Empty when no report expired.
     */
    Optional<String> patch(AIUpstream upstream) {
        UpstreamHealth health = healthOf(upstream);
        Instant now = clock.instant();
        if (health == null || !HealthAggregation.hasExpiredReports(health, now, HealthAggregation.REPORT_TTL)) {
            return Optional.empty();
        }
        String resourceVersion = upstream.getMetadata().getResourceVersion();
        return Optional.of(HealthAggregation.withoutExpired(health, now, HealthAggregation.REPORT_TTL)
                .map(left -> HealthStatusPatch.setting(resourceVersion, true, left))
                .orElseGet(() -> HealthStatusPatch.removing(resourceVersion, true,
                        upstream.getStatus().getHealthy() != null)));
    }

    /** How long until the first report of the AIUpstream expires; empty when it has none. */
    Optional<Duration> untilFirstExpiry(AIUpstream upstream) {
        UpstreamHealth health = healthOf(upstream);
        Instant now = clock.instant();
        return Optional.ofNullable(health)
                .flatMap(h -> HealthAggregation.firstExpiry(h, now, HealthAggregation.REPORT_TTL))
                .map(expiry -> Reschedule.justAfter(expiry, now));
    }

    private static AIUpstream write(AIUpstream current, String patch, PatchContext patchContext,
            Context<AIUpstream> context) {
        AIUpstream written = context.getClient().resource(current).subresource("status").patch(patchContext, patch);
        UpstreamHealth left = healthOf(written);
        LOG.info("AIUpstream {}/{}: dropped {} health reports no proxy replica renewed within {} s; {}",
                current.getMetadata().getNamespace(), current.getMetadata().getName(),
                healthOf(current).replicas().size() - (left == null ? 0 : left.replicas().size()),
                HealthAggregation.REPORT_TTL_SECONDS,
                left == null ? "no report left, healthy cleared" : "healthy now " + left.healthySummary());
        return written;
    }

    private static UpstreamHealth healthOf(AIUpstream upstream) {
        AIUpstreamStatus status = upstream.getStatus();
        return status == null ? null : status.getHealth();
    }
}
