package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIRuleStatus;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.compiler.Diagnostic;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.reconciler.GenerationChangedFilter;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.MovedReferenceEventSource;
import io.aigateway.operator.reconciler.ReconcileTrigger;
import io.aigateway.operator.reconciler.StatusConditions;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.aigateway.operator.status.ConditionType;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates an AIRule: Accepted (path, methods, no PathConflict with an older rule of the same gateway) and
 * ResolvedRefs (its gateway, its service and the service's upstream exist).
 */
// Every change known to concern a rule reaches it at once (a rule moved between gateways reaches its siblings on
// both: MovedReferenceEventSource). The periodic reconcile is only a safety net, for what no mapper foresaw.
@ControllerConfiguration(name = AIRuleReconciler.NAME, maxReconciliationInterval = @MaxReconciliationInterval(
        interval = AIRuleReconciler.RESYNC_MINUTES, timeUnit = TimeUnit.MINUTES))
public class AIRuleReconciler implements Reconciler<AIRule> {

    static final long RESYNC_MINUTES = 5;
    public static final String NAME = "airule";
    static final String GATEWAYS = "gateways";
    static final String SERVICES = "services";
    static final String UPSTREAMS = "upstreams";
    static final String SIBLINGS = "sibling-rules";

    private static final Logger LOG = LoggerFactory.getLogger(AIRuleReconciler.class);

    private final Clock clock;
    private final RoutingCompiler compiler;

    public AIRuleReconciler(Clock clock) {
        this.clock = clock;
        this.compiler = new RoutingCompiler(clock);
    }

    @Override
    public List<EventSource<?, AIRule>> prepareEventSources(EventSourceContext<AIRule> context) {
        var rules = context.getPrimaryCache();
        rules.addIndexer(Indexes.RULES_BY_GATEWAY, Indexes.RULE_GATEWAY);
        rules.addIndexer(Indexes.RULES_BY_SERVICE, Indexes.RULE_SERVICE);
        var serviceToRules = new AIServiceToAIRuleMapper(IndexLookup.of(rules, Indexes.RULES_BY_SERVICE));

        var gateways = new InformerEventSource<>(InformerEventSourceConfiguration.from(AIGateway.class, AIRule.class)
                .withName(GATEWAYS)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(
                        new AIGatewayToAIRuleMapper(IndexLookup.of(rules, Indexes.RULES_BY_GATEWAY)))
                .build(), context);
        var services = new InformerEventSource<>(InformerEventSourceConfiguration.from(AIService.class, AIRule.class)
                .withName(SERVICES)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(serviceToRules)
                .build(), context);
        services.addIndexer(Indexes.SERVICES_BY_UPSTREAM, Indexes.SERVICE_UPSTREAM);
        var upstreams = new InformerEventSource<>(
                InformerEventSourceConfiguration.from(AIUpstream.class, AIRule.class)
                        .withName(UPSTREAMS)
                        .withNamespacesInheritedFromController()
                        .withOnUpdateFilter(new GenerationChangedFilter<>())
                        .withSecondaryToPrimaryMapper(new AIUpstreamToAIRuleMapper(
                                IndexLookup.of(services, Indexes.SERVICES_BY_UPSTREAM), serviceToRules))
                        .build(), context);
        // reconcile() reads the other rules from this informer rather than from the primary cache: when one is
        // deleted, its siblings are then reconciled from the very cache that reported the deletion.
        var siblings = new MovedReferenceEventSource<>(InformerEventSourceConfiguration.from(AIRule.class, AIRule.class)
                .withName(SIBLINGS)
                .withNamespacesInheritedFromController()
                .withOnUpdateFilter(new GenerationChangedFilter<>())
                .withSecondaryToPrimaryMapper(
                        new AIRuleToSiblingAIRuleMapper(IndexLookup.of(rules, Indexes.RULES_BY_GATEWAY)))
                .build(), context);
        siblings.addIndexer(Indexes.RULES_BY_GATEWAY, Indexes.RULE_GATEWAY);
        return List.of(gateways, services, upstreams, siblings);
    }

    @Override
    public UpdateControl<AIRule> reconcile(AIRule rule, Context<AIRule> context) {
        String trigger = ReconcileTrigger.describe(rule, context);
        String namespace = rule.getMetadata().getNamespace();
        var sources = context.eventSourceRetriever();
        var gateways = (InformerEventSource<AIGateway, AIRule>) sources.getEventSourceFor(AIGateway.class, GATEWAYS);
        var services = (InformerEventSource<AIService, AIRule>) sources.getEventSourceFor(AIService.class, SERVICES);
        var upstreams = (InformerEventSource<AIUpstream, AIRule>) sources
                .getEventSourceFor(AIUpstream.class, UPSTREAMS);
        var siblings = (InformerEventSource<AIRule, AIRule>) sources.getEventSourceFor(AIRule.class, SIBLINGS);

        // The other rules of its gateway, and this one as reconciled rather than as cached.
        List<AIRule> rules = new ArrayList<>();
        rules.add(rule);
        Indexes.RULE_GATEWAY.apply(rule).forEach(gateway -> siblings.byIndex(Indexes.RULES_BY_GATEWAY, gateway)
                .stream()
                .filter(other -> !other.getMetadata().getName().equals(rule.getMetadata().getName()))
                .forEach(rules::add));

        Snapshot snapshot = new Snapshot(namespace, gateways.list(namespace).toList(),
                upstreams.list(namespace).toList(), services.list(namespace).toList(), rules, List.of(), Map.of());
        List<Diagnostic> diagnostics = compiler.diagnose(snapshot, ResourceRef.of(rule));

        AIRuleStatus status = StatusUpdates.fill(new AIRuleStatus(), rule,
                StatusConditions.fromDiagnostics(diagnostics, ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS),
                clock);
        boolean written = StatusUpdates.writeIfChanged(rule, status, context, AIRule::new);
        UpdateControl<AIRule> control = UpdateControl.noUpdate();
        LOG.info("AIRule {}/{} [{}]: {}; {}", namespace, rule.getMetadata().getName(), trigger,
                StatusUpdates.summary(status), StatusUpdates.outcome(written));
        return control;
    }
}
