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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the health reports of the proxy replicas that stopped writing: scaled down, crashed, their gateway deleted,
 * or no longer routing to the upstream. A replica writes a report only when it changes, so its reports expire
 * together, {@link HealthAggregation#REPORT_TTL} after its latest write on any AIUpstream of the namespace
 * ({@link HealthAggregation#lastWrites}, read from the operator's cache of them); only the operator sees them all, so
 * only it drops them. When no report is left, {@code status.health} and {@code status.healthy} are removed: the
 * HEALTHY column is then empty, as before any report, rather than showing the last figures.
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
     *
     * @param lastWrites when each replica last wrote on any AIUpstream ({@link #lastWrites(Context, String)})
     */
    AIUpstream expire(AIUpstream upstream, Map<String, Instant> lastWrites, Context<AIUpstream> context) {
        if (patch(upstream, lastWrites).isEmpty()) {
            return upstream;
        }
        PatchContext patchContext = new PatchContext.Builder().withPatchType(PatchType.JSON)
                .withFieldManager(context.getControllerConfiguration().fieldManager()).build();
        return PrimaryUpdateAndCacheUtils.updateAndCacheResource(upstream, context, UnaryOperator.identity(),
                current -> patch(current, lastWrites).map(patch -> write(current, patch, patchContext, context))
                        .orElse(current));
    }

    /** When each replica last wrote on any AIUpstream of the namespace: replica names are pod names, unique in it. */
    static Map<String, Instant> lastWrites(Context<AIUpstream> context, String namespace) {
        return HealthAggregation.lastWrites(context.getPrimaryCache().list(namespace)
                .map(HealthExpiry::healthOf).filter(Objects::nonNull).toList());
    }

    /**
     * The patch that drops the reports of replicas no longer live from the AIUpstream as read, and recomputes the
     * aggregate; or removes the proxies' fields when no report is left. Empty when no report expired.
     *
     * @param lastWrites when each replica last wrote on any AIUpstream; the AIUpstream's own reports count too
     */
    Optional<String> patch(AIUpstream upstream, Map<String, Instant> lastWrites) {
        UpstreamHealth health = healthOf(upstream);
        Instant now = clock.instant();
        if (health == null) {
            return Optional.empty();
        }
        Map<String, Instant> writes = withOwn(lastWrites, health);
        if (!HealthAggregation.hasExpiredReports(health, writes, now, HealthAggregation.REPORT_TTL)) {
            return Optional.empty();
        }
        String resourceVersion = upstream.getMetadata().getResourceVersion();
        return Optional.of(HealthAggregation.withoutExpired(health, writes, now, HealthAggregation.REPORT_TTL)
                .map(left -> HealthStatusPatch.setting(resourceVersion, true, left))
                .orElseGet(() -> HealthStatusPatch.removing(resourceVersion, true,
                        upstream.getStatus().getHealthy() != null)));
    }

    /**
     * How long until the first replica with a report on the AIUpstream stops being live, unless it writes again
     * meanwhile (then the reconcile looks again later); empty when it has no report.
     */
    Optional<Duration> untilFirstExpiry(AIUpstream upstream, Map<String, Instant> lastWrites) {
        UpstreamHealth health = healthOf(upstream);
        Instant now = clock.instant();
        return Optional.ofNullable(health)
                .flatMap(h -> HealthAggregation.firstExpiry(h, withOwn(lastWrites, h), now,
                        HealthAggregation.REPORT_TTL))
                .map(expiry -> Reschedule.justAfter(expiry, now));
    }

    /** The replicas' last writes with those on this AIUpstream, which may be newer than the cache's copy of it. */
    private static Map<String, Instant> withOwn(Map<String, Instant> lastWrites, UpstreamHealth health) {
        Map<String, Instant> writes = new HashMap<>(lastWrites);
        HealthAggregation.lastWrites(List.of(health)).forEach((replica, at) -> writes.merge(replica, at,
                (a, b) -> a.isAfter(b) ? a : b));
        return writes;
    }

    private static AIUpstream write(AIUpstream current, String patch, PatchContext patchContext,
            Context<AIUpstream> context) {
        AIUpstream written = context.getClient().resource(current).subresource("status").patch(patchContext, patch);
        UpstreamHealth left = healthOf(written);
        LOG.info("AIUpstream {}/{}: dropped {} health reports of proxy replicas that wrote none within {} s; {}",
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
