package io.aigateway.operator.reconciler.upstream;

import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.api.v1alpha1.TargetStatus;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ReconcileTrigger;
import io.aigateway.operator.reconciler.SecretCache;
import io.aigateway.operator.reconciler.SecretValues;
import io.aigateway.operator.reconciler.SharedSecretEventSource;
import io.aigateway.operator.reconciler.StatusConditions;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.aigateway.operator.status.ConditionType;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates an AIUpstream and the Secrets its targets take credentials from: conditions Accepted and ResolvedRefs,
 * plus the compiled targets. Leaves {@code status.health} and {@code status.healthy} to the proxies, but for the
 * reports of replicas that stopped writing, which it drops ({@link HealthExpiry}) when it reconciles and,
 * rescheduled, when the first replica with a report on the upstream would expire.
 */
// Not generation-aware, so that the first health report on an upstream, a status change, reconciles it and schedules
// that report's expiry; the filter still ignores every other status change.
@ControllerConfiguration(name = AIUpstreamReconciler.NAME, generationAwareEventProcessing = false,
        informer = @Informer(onUpdateFilter = SpecChangedOrFirstHealthReportFilter.class))
public class AIUpstreamReconciler implements Reconciler<AIUpstream> {

    public static final String NAME = "aiupstream";
    static final String SECRETS = "secrets";

    private static final Logger LOG = LoggerFactory.getLogger(AIUpstreamReconciler.class);

    private final Clock clock;
    private final RoutingCompiler compiler;
    private final HealthExpiry healthExpiry;
    private final SecretCache secrets;

    /** @param secrets the operator's Secret cache, which this reconciler shares */
    public AIUpstreamReconciler(Clock clock, SecretCache secrets) {
        this.clock = clock;
        this.secrets = secrets;
        this.compiler = new RoutingCompiler(clock);
        this.healthExpiry = new HealthExpiry(clock);
    }

    @Override
    public List<EventSource<?, AIUpstream>> prepareEventSources(EventSourceContext<AIUpstream> context) {
        context.getPrimaryCache().addIndexer(Indexes.UPSTREAMS_BY_SECRET, Indexes.UPSTREAM_SECRETS);
        return List.of(new SharedSecretEventSource<>(SECRETS, secrets, new SecretToAIUpstreamMapper(
                IndexLookup.of(context.getPrimaryCache(), Indexes.UPSTREAMS_BY_SECRET))));
    }

    @Override
    public UpdateControl<AIUpstream> reconcile(AIUpstream upstream, Context<AIUpstream> context) {
        String trigger = ReconcileTrigger.describe(upstream, context);
        String namespace = upstream.getMetadata().getNamespace();
        Snapshot snapshot = new Snapshot(namespace, List.of(), List.of(upstream), List.of(), List.of(), List.of(),
                SecretValues.read(secrets, namespace, Indexes.secretNames(upstream)))
                .withSecretSelector(secrets.selector().description());
        List<Diagnostic> diagnostics = compiler.diagnose(snapshot, ResourceRef.of(upstream));

        // The reports no proxy renewed go first; the operator's fields are then written over what that left.
        Map<String, Instant> lastWrites = HealthExpiry.lastWrites(context, namespace);
        AIUpstream latest = healthExpiry.expire(upstream, lastWrites, context);
        AIUpstreamStatus status = operatorStatus(latest, diagnostics, clock);
        // status.health and status.healthy belong to the proxies: left out of what we apply, kept from the server
        // otherwise, even when a proxy wrote them since our read.
        boolean written = StatusUpdates.writeIfChanged(latest, status, context, AIUpstream::new,
                (current, wanted) -> wanted.withProxyFieldsOf(current));
        UpdateControl<AIUpstream> control = UpdateControl.noUpdate();
        healthExpiry.untilFirstExpiry(latest, lastWrites).ifPresent(control::rescheduleAfter);
        LOG.info("AIUpstream {}/{} [{}]: {}, {} targets; {}", namespace, upstream.getMetadata().getName(), trigger,
                StatusUpdates.summary(status), status.getTargetCount(), StatusUpdates.outcome(written));
        return control;
    }

    /** The fields of the status the operator owns; the proxies' fields are null. */
    static AIUpstreamStatus operatorStatus(AIUpstream upstream, List<Diagnostic> diagnostics, Clock clock) {
        AIUpstreamStatus status = StatusUpdates.fill(new AIUpstreamStatus(), upstream,
                StatusConditions.fromDiagnostics(diagnostics, ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS),
                clock);
        List<TargetStatus> targets = RoutingCompiler.describeTargets(upstream);
        status.setTargetCount(targets.size());
        status.setTargets(targets);
        return status;
    }
}
