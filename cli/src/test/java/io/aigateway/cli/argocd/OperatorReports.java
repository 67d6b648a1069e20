package io.aigateway.cli.argocd;

import io.aigateway.cli.TestPaths;
import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.cli.resources.ResourceLoader;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIGatewayStatus;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIKeyStatus;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIRuleStatus;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIServiceStatus;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.aigateway.operator.api.v1alpha1.TargetStatus;
import io.aigateway.operator.compiler.CompileResult;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.aigateway.operator.reconciler.StatusConditions;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.DesiredCondition;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A sample scenario as the operator and the proxies would report on it: its resources, compiled by the operator's
 * own compiler, with the status each reconciler derives from the diagnostics ({@link StatusConditions},
 * {@link StatusUpdates#fill}); the AIUpstream's target health merged as the proxies merge it
 * ({@link HealthAggregation}). Change the resources or Secrets first, then ask for a resource's report.
 */
final class OperatorReports {

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final List<HasMetadata> resources = new ArrayList<>();
    private final Map<String, Map<String, String>> secrets = new TreeMap<>();

    private OperatorReports(String scenario) {
        for (LoadedResource loaded : new ResourceLoader("default")
                .load(List.of(TestPaths.samples().resolve(scenario))).resources()) {
            if (loaded.resource() instanceof Secret secret) {
                secrets.put(secret.getMetadata().getName(), Snapshot.decode(secret));
            } else {
                loaded.resource().getMetadata().setGeneration(1L);
                resources.add(loaded.resource());
            }
        }
    }

    /** samples/round-robin: one resource of each kind. */
    static OperatorReports roundRobin() {
        return new OperatorReports("round-robin");
    }

    /** The scenario's one resource of this kind, to change before reporting. */
    <T extends HasMetadata> T the(Class<T> type) {
        List<T> found = resources.stream().filter(type::isInstance).map(type::cast).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    void deleteSecret(String name) {
        if (secrets.remove(name) == null) {
            throw new IllegalArgumentException("no Secret " + name);
        }
    }

    /** As AIUpstreamReconciler writes it: conditions and the compiled targets; no health reported yet. */
    AIUpstream upstream() {
        AIUpstream upstream = reported(the(AIUpstream.class), new AIUpstreamStatus(), ConditionType.ACCEPTED,
                ConditionType.RESOLVED_REFS);
        upstream.getStatus().setTargets(RoutingCompiler.describeTargets(upstream));
        upstream.getStatus().setTargetCount(upstream.getStatus().getTargets().size());
        return upstream;
    }

    /** The upstream with the health the proxy replicas report: one list of target reports per replica. */
    AIUpstream upstreamAsSeenBy(List<List<TargetReport>> replicas) {
        AIUpstream upstream = upstream();
        List<String> targets = upstream.getStatus().getTargets().stream().map(TargetStatus::getName).toList();
        UpstreamHealth health = null;
        for (int i = 0; i < replicas.size(); i++) {
            health = HealthAggregation.merge(health, new ReplicaReport("proxy-" + i, HealthAggregation.format(NOW),
                    replicas.get(i)), targets);
        }
        upstream.getStatus().setHealth(health);
        upstream.getStatus().setHealthy(health == null ? null : health.healthySummary());
        return upstream;
    }

    AIService service() {
        return reported(the(AIService.class), new AIServiceStatus(), ConditionType.ACCEPTED,
                ConditionType.RESOLVED_REFS);
    }

    AIRule rule() {
        return reported(the(AIRule.class), new AIRuleStatus(), ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS);
    }

    AIKey key() {
        return reported(the(AIKey.class), new AIKeyStatus(), ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS);
    }

    /**
     * The gateway with the proxy Deployment at {@code desired} replicas, {@code available} of them available. As
     * AIGatewayReconciler: the compiler's Accepted and ResolvedRefs; Ready from the compiler when it wrote nothing,
     * otherwise from the proxy replicas.
     */
    AIGateway gateway(int desired, int available) {
        AIGateway gateway = the(AIGateway.class);
        CompileResult result = compile();
        List<DesiredCondition> conditions = new ArrayList<>(StatusConditions.fromDiagnostics(
                result.diagnosticsFor(ResourceRef.of(gateway)), ConditionType.ACCEPTED, ConditionType.RESOLVED_REFS,
                ConditionType.READY));
        if (result.gateway(gateway.getMetadata().getName()).isPresent() && conditions.get(2).status()) {
            conditions.set(2, proxyReadiness(desired, available));
        }
        gateway.setStatus(StatusUpdates.fill(new AIGatewayStatus(), gateway, conditions, CLOCK));
        return gateway;
    }

    private static DesiredCondition proxyReadiness(int desired, int available) {
        String replicas = available + " of " + desired + " proxy replicas are available";
        if (desired == 0) {
            return DesiredCondition.isFalse(ConditionType.READY, Reason.PROXY_SCALED_TO_ZERO,
                    "spec.proxy.replicas is 0, so no proxy serves it.");
        }
        return available > 0 ? DesiredCondition.isTrue(ConditionType.READY, Reason.PROXY_AVAILABLE, replicas)
                : DesiredCondition.isFalse(ConditionType.READY, Reason.PROXY_UNAVAILABLE, replicas);
    }

    /** A leaf kind's status: its conditions from what the compiler says about it. */
    private <S extends ConditionedStatus, T extends CustomResource<?, S>> T reported(T resource, S fresh,
            ConditionType... types) {
        resource.setStatus(StatusUpdates.fill(fresh, resource,
                StatusConditions.fromDiagnostics(compile().diagnosticsFor(ResourceRef.of(resource)), types), CLOCK));
        return resource;
    }

    private CompileResult compile() {
        return new RoutingCompiler(CLOCK).compile(new Snapshot("default", list(AIGateway.class),
                list(AIUpstream.class), list(AIService.class), list(AIRule.class), list(AIKey.class), secrets));
    }

    private <T> List<T> list(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
