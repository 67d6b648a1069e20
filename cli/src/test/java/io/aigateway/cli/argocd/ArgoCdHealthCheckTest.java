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
    void shouldBeProgressingWhileNoProxyReplicaIsAvailable() {
        Health health = assess(OperatorReports.roundRobin().gateway(2, 0));

        assertThat(health).isEqualTo(new Health(PROGRESSING,
                Reason.PROXY_UNAVAILABLE.value() + ": 0 of 2 proxy replicas are available"));
    }

    @Test
    void shouldBeSuspendedWhenTheProxyIsScaledToZero() {
        Health health = assess(OperatorReports.roundRobin().gateway(0, 0));

        assertThat(health.status()).isEqualTo("Suspended");
        assertThat(health.message()).startsWith(Reason.PROXY_SCALED_TO_ZERO.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheGatewayIsNotAccepted() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIGateway.class).getSpec().setHostnames(List.of("Not_A_Host"));

        Health health = assess(reports.gateway(2, 2));

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.INVALID_HOSTNAME.value() + ": ").contains("Not_A_Host");
    }

    @Test
    void shouldBeDegradedWhenTheGatewayLeftOutAnAttachedResource() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.deleteSecret("provider-keys");

        Health health = assess(reports.gateway(2, 2));

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.RESOURCES_NOT_ACCEPTED.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheUpstreamIsNotAccepted() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIUpstream.class).getSpec().getTargets().get(0).setWeight(500);

        Health health = assess(reports.upstream());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.WEIGHT_OUT_OF_RANGE.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheUpstreamsCredentialsSecretIsMissing() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.deleteSecret("provider-keys");

        Health health = assess(reports.upstream());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.SECRET_NOT_FOUND.value() + ": ").contains("provider-keys");
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

    @Test
    void shouldBeDegradedWhenTheServiceIsNotAccepted() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIService.class).getSpec().setType("bogus");

        Health health = assess(reports.service());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.UNKNOWN_SERVICE_TYPE.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheServicesUpstreamIsMissing() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIService.class).getSpec().setUpstreamRef(new LocalRef("missing"));

        Health health = assess(reports.service());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.UPSTREAM_NOT_FOUND.value() + ": ").contains("missing");
    }

    @Test
    void shouldBeDegradedWhenTheRuleIsNotAccepted() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIRule.class).getSpec().setPath("v1");

        Health health = assess(reports.rule());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.INVALID_PATH.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheRulesServiceIsMissing() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIRule.class).getSpec().setServiceRef(new LocalRef("missing"));

        Health health = assess(reports.rule());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.SERVICE_NOT_FOUND.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheKeyExpired() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIKey.class).getSpec().setExpiresAt("2026-01-01T00:00:00Z");

        Health health = assess(reports.key());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.KEY_EXPIRED.value() + ": ");
    }

    @Test
    void shouldBeDegradedWhenTheKeysSecretIsMissing() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.deleteSecret("team-a-client-key");

        Health health = assess(reports.key());

        assertThat(health.status()).isEqualTo(DEGRADED);
        assertThat(health.message()).startsWith(Reason.SECRET_NOT_FOUND.value() + ": ");
    }

    @Test
    void shouldBeProgressingWhileTheOperatorGeneratesTheKey() {
        OperatorReports reports = OperatorReports.roundRobin();
        reports.the(AIKey.class).getSpec().setSecretRef(null);
        // The sample's Secret has the name the operator generates into.
        reports.deleteSecret(GatewayObjects.generatedKeySecretName("team-a"));

        Health health = assess(reports.key());

        assertThat(health.status()).isEqualTo(PROGRESSING);
        assertThat(health.message()).startsWith(Reason.KEY_NOT_GENERATED.value() + ": ");
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
