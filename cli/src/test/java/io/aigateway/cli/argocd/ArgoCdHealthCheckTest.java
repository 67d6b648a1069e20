package io.aigateway.cli.argocd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.aigateway.cli.argocd.ArgoCdHealthChecks.Health;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.TargetReport;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.aigateway.operator.api.v1alpha1.LocalRef;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.LuaError;

/**
 * The Argo CD health checks of samples/argocd/health, run on the statuses the operator's own compiler and status
 * classes produce for samples/round-robin (so a renamed reason or condition breaks these tests).
 */
class ArgoCdHealthCheckTest {

    private static final String HEALTHY = "Healthy";
    private static final String PROGRESSING = "Progressing";
    private static final String DEGRADED = "Degraded";

    /** Each kind's resource as the operator reports on it, in the round-robin sample. */
    private static final Map<String, Function<OperatorReports, CustomResource<?, ? extends ConditionedStatus>>> REPORTED =
            Map.of("AIGateway", reports -> reports.gateway(2, 2),
                    "AIUpstream", OperatorReports::upstream,
                    "AIService", OperatorReports::service,
                    "AIRule", OperatorReports::rule,
                    "AIKey", OperatorReports::key);

    @TestFactory
    Stream<DynamicTest> shouldBeHealthyWhenTheOperatorAcceptedAndResolvedEverything() {
        return perKind(kind -> assertThat(assess(REPORTED.get(kind).apply(OperatorReports.roundRobin())).status())
                .isEqualTo(HEALTHY));
    }

    @TestFactory
    Stream<DynamicTest> shouldBeProgressingUntilTheOperatorWritesAStatus() {
        return perKind(kind -> {
            CustomResource<?, ?> resource = REPORTED.get(kind).apply(OperatorReports.roundRobin());
            resource.setStatus(null);

            assertThat(assess(resource)).isEqualTo(new Health(PROGRESSING,
                    "Waiting for the operator to report on this " + kind));
        });
    }

    @TestFactory
    Stream<DynamicTest> shouldBeProgressingWhileTheStatusDescribesAnOlderGeneration() {
        return perKind(kind -> {
            CustomResource<?, ?> resource = REPORTED.get(kind).apply(OperatorReports.roundRobin());
            resource.getMetadata().setGeneration(2L);

            assertThat(assess(resource)).isEqualTo(new Health(PROGRESSING,
                    "Waiting for the operator to observe generation 2 (the status describes generation 1)"));
        });
    }

    @TestFactory
    Stream<DynamicTest> shouldBeProgressingWhileAConditionDescribesAnOlderGeneration() {
        return perKind(kind -> {
            CustomResource<?, ? extends ConditionedStatus> resource =
                    REPORTED.get(kind).apply(OperatorReports.roundRobin());
            resource.getMetadata().setGeneration(2L);
            resource.getStatus().setObservedGeneration(2L);

            assertThat(assess(resource)).isEqualTo(new Health(PROGRESSING,
                    "Waiting for the operator to report Accepted for generation 2"));
        });
    }

    @Test
    void shouldShowTheGatewayReadyMessageWhenHealthy() {
        Health health = assess(OperatorReports.roundRobin().gateway(2, 1));

        assertThat(health).isEqualTo(new Health(HEALTHY, "1 of 2 proxy replicas are available"));
    }

    @Test
    void shouldBeDegradedWhenEveryTargetIsUnhealthy() {
        List<TargetReport> allDown = List.of(down("openai", "503"), down("anthropic", "timeout"));

        AIUpstream upstream = OperatorReports.roundRobin().upstreamAsSeenBy(List.of(allDown, allDown));

        assertThat(upstream.getStatus().getHealthy()).isEqualTo("0/2");
        assertThat(assess(upstream)).isEqualTo(new Health(DEGRADED,
                "0/2 targets healthy; unhealthy: anthropic (timeout), openai (503)"));
    }

    @Test
    void shouldStayHealthyAndNameTheUnhealthyTargetWhileAnotherIsHealthy() {
        List<TargetReport> openAiDown = List.of(down("openai", "503"), up("anthropic"));

        AIUpstream upstream = OperatorReports.roundRobin().upstreamAsSeenBy(List.of(openAiDown, openAiDown));

        assertThat(upstream.getStatus().getHealthy()).isEqualTo("1/2");
        assertThat(assess(upstream)).isEqualTo(new Health(HEALTHY, "1/2 targets healthy; unhealthy: openai (503)"));
    }

    @Test
    void shouldCountATargetHealthyWhenOnlyAMinorityOfReplicasSeesItDown() {
        AIUpstream upstream = OperatorReports.roundRobin().upstreamAsSeenBy(List.of(
                List.of(down("openai", "503"), up("anthropic")),
                List.of(up("openai"), up("anthropic"))));

        assertThat(assess(upstream).status()).isEqualTo(HEALTHY);
        assertThat(assess(upstream).message()).doesNotContain("unhealthy");
    }

    /** A change to the sample, and the resource whose health should then follow from one condition. */
    private record Verdict(String name, Consumer<OperatorReports> change,
            Function<OperatorReports, CustomResource<?, ? extends ConditionedStatus>> report, String status,
            Reason reason) {
    }

    @TestFactory
    Stream<DynamicTest> shouldTakeStatusAndMessageFromTheFirstConditionThatIsNotTrue() {
        return Stream.of(
                new Verdict("gateway without an available proxy replica", reports -> { },
                        reports -> reports.gateway(2, 0), PROGRESSING, Reason.PROXY_UNAVAILABLE),
                new Verdict("gateway scaled to zero", reports -> { },
                        reports -> reports.gateway(0, 0), "Suspended", Reason.PROXY_SCALED_TO_ZERO),
                new Verdict("gateway not accepted",
                        reports -> reports.the(AIGateway.class).getSpec().setHostnames(List.of("Not_A_Host")),
                        reports -> reports.gateway(2, 2), DEGRADED, Reason.INVALID_HOSTNAME),
                new Verdict("gateway that left out an attached resource",
                        reports -> reports.deleteSecret("provider-keys"),
                        reports -> reports.gateway(2, 2), DEGRADED, Reason.RESOURCES_NOT_ACCEPTED),
                new Verdict("upstream not accepted",
                        reports -> reports.the(AIUpstream.class).getSpec().getTargets().get(0).setWeight(500),
                        OperatorReports::upstream, DEGRADED, Reason.WEIGHT_OUT_OF_RANGE),
                new Verdict("upstream without its credentials Secret",
                        reports -> reports.deleteSecret("provider-keys"),
                        OperatorReports::upstream, DEGRADED, Reason.SECRET_NOT_FOUND),
                new Verdict("service not accepted",
                        reports -> reports.the(AIService.class).getSpec().setType("bogus"),
                        OperatorReports::service, DEGRADED, Reason.UNKNOWN_SERVICE_TYPE),
                new Verdict("service without its upstream",
                        reports -> reports.the(AIService.class).getSpec().setUpstreamRef(new LocalRef("missing")),
                        OperatorReports::service, DEGRADED, Reason.UPSTREAM_NOT_FOUND),
                new Verdict("rule not accepted",
                        reports -> reports.the(AIRule.class).getSpec().setPath("v1"),
                        OperatorReports::rule, DEGRADED, Reason.INVALID_PATH),
                new Verdict("rule without its service",
                        reports -> reports.the(AIRule.class).getSpec().setServiceRef(new LocalRef("missing")),
                        OperatorReports::rule, DEGRADED, Reason.SERVICE_NOT_FOUND),
                new Verdict("expired key",
                        reports -> reports.the(AIKey.class).getSpec().setExpiresAt("2026-01-01T00:00:00Z"),
                        OperatorReports::key, DEGRADED, Reason.KEY_EXPIRED),
                new Verdict("key without its Secret",
                        reports -> reports.deleteSecret("team-a-client-key"),
                        OperatorReports::key, DEGRADED, Reason.SECRET_NOT_FOUND),
                new Verdict("key the operator is generating", reports -> {
                    reports.the(AIKey.class).getSpec().setSecretRef(null);
                    // The sample's Secret has the name the operator generates into.
                    reports.deleteSecret(GatewayObjects.generatedKeySecretName("team-a"));
                }, OperatorReports::key, PROGRESSING, Reason.KEY_NOT_GENERATED))
                .map(verdict -> DynamicTest.dynamicTest(verdict.name(), () -> {
                    OperatorReports reports = OperatorReports.roundRobin();
                    verdict.change().accept(reports);
                    CustomResource<?, ? extends ConditionedStatus> resource = verdict.report().apply(reports);
                    Condition deciding = resource.getStatus().getConditions().stream()
                            .filter(c -> !"True".equals(c.getStatus())).findFirst().orElseThrow();

                    assertThat(deciding.getReason()).isEqualTo(verdict.reason().value());
                    assertThat(assess(resource)).isEqualTo(new Health(verdict.status(),
                            deciding.getReason() + ": " + deciding.getMessage()));
                }));
    }

    @Test
    void shouldGiveScriptsNeitherTheStringNorTheMathLibraryAsArgoCdDoes() {
        var obj = JsonNodeFactory.instance.objectNode();

        assertThatThrownBy(() -> ArgoCdHealthChecks.run("return {status = string.upper('healthy')}", obj))
                .isInstanceOf(LuaError.class);
        assertThatThrownBy(() -> ArgoCdHealthChecks.run("return {status = math.floor(1)}", obj))
                .isInstanceOf(LuaError.class);
    }

    private static Stream<DynamicTest> perKind(Consumer<String> check) {
        return ArgoCdHealthChecks.KINDS.stream().map(kind -> DynamicTest.dynamicTest(kind, () -> check.accept(kind)));
    }

    private static Health assess(CustomResource<?, ?> resource) {
        return ArgoCdHealthChecks.assess(resource);
    }

    private static TargetReport down(String target, String reason) {
        return new TargetReport(target, false, reason, 3, HealthAggregation.format(OperatorReports.NOW));
    }

    private static TargetReport up(String target) {
        return new TargetReport(target, true, null, 0, HealthAggregation.format(OperatorReports.NOW));
    }
}
