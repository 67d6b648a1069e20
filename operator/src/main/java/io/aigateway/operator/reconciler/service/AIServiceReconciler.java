package io.aigateway.operator.reconciler.service;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIServiceStatus;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.reconciler.GenerationChangedFilter;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ReconcileTrigger;
import io.aigateway.operator.reconciler.StatusConditions;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.aigateway.operator.status.ConditionType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Validates an AIService and that its upstream exists: conditions Accepted and ResolvedRefs. */
@ControllerConfiguration(name = AIServiceReconciler.NAME)
public class AIServiceReconciler implements Reconciler<AIService> {

    public static final String NAME = "aiservice";
    static final String UPSTREAMS = "upstreams";

    private static final Logger LOG = LoggerFactory.getLogger(AIServiceReconciler.class);

    private final Clock clock;
    private final RoutingCompiler compiler;

    public AIServiceReconciler(Clock clock) {
        this.clock = clock;
        this.compiler = new RoutingCompiler(clock);
    }

    @Override
    public List<EventSource<?, AIService>> prepareEventSources(EventSourceContext<AIService> context) {
        context.getPrimaryCache().addIndexer(Indexes.SERVICES_BY_UPSTREAM, Indexes.SERVICE_UPSTREAM);
        var upstreams = InformerEventSourceConfiguration.from(AIUpstream.class, AIService.class)
                .withName(UPSTREAMS)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(new AIUpstreamToAIServiceMapper(
                        IndexLookup.of(context.getPrimaryCache(), Indexes.SERVICES_BY_UPSTREAM)))
                .build();
        return List.of(new InformerEventSource<>(upstreams, context));
    }

    @Override
    public UpdateControl<AIService> reconcile(AIService service, Context<AIService> context) {
        String trigger = ReconcileTrigger.describe(service, context);
        String namespace = service.getMetadata().getNamespace();
        var upstreamCache = (InformerEventSource<AIUpstream, AIService>) context.eventSourceRetriever()
                .getEventSourceFor(AIUpstream.class, UPSTREAMS);
        Snapshot snapshot = new Snapshot(namespace, List.of(), upstreamCache.list(namespace).toList(),
                List.of(service), List.of(), List.of(), Map.of());
        List<Diagnostic> diagnostics = compiler.diagnose(snapshot, ResourceRef.of(service));

        AIServiceStatus status = StatusUpdates.fill(new AIServiceStatus(), service,
                StatusConditions.fromDiagnostics(diagnostics, ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS),
                clock);
        boolean written = StatusUpdates.writeIfChanged(service, status, context, AIService::new);
        UpdateControl<AIService> control = UpdateControl.noUpdate();
        LOG.info("AIService {}/{} [{}]: {}; {}", namespace, service.getMetadata().getName(), trigger,
                StatusUpdates.summary(status), StatusUpdates.outcome(written));
        return control;
    }
}
