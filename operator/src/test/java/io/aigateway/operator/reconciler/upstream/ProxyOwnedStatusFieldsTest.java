package io.aigateway.operator.reconciler.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.Fixtures;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's AIUpstream status writes leave {@code status.health} and {@code status.healthy} to the proxies. */
class ProxyOwnedStatusFieldsTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private AIUpstream upstream;
    private UpstreamHealth reported;

    @BeforeEach
    void upstreamWithAProxyReport() {
        upstream = Fixtures.upstream("ns", "providers", Fixtures.apiKey("keys"));
        upstream.getMetadata().setGeneration(1L);
        ReplicaReport report = new ReplicaReport("gw-7d9f-abcde", HealthAggregation.format(NOW),
                List.of(new TargetReport("t0", false, "503", 3, HealthAggregation.format(NOW))));
        reported = HealthAggregation.merge(null, report, List.of("t0"));
        AIUpstreamStatus onServer = AIUpstreamReconciler.operatorStatus(upstream, List.of(), CLOCK);
        onServer.setHealth(reported);
        onServer.setHealthy(reported.healthySummary());
        upstream.setStatus(onServer);
    }

    @Test
    void shouldLeaveTheProxiesFieldsOutOfTheStatusTheOperatorApplies() throws Exception {
        AIUpstream applied = StatusUpdates.statusToApply(upstream,
                AIUpstreamReconciler.operatorStatus(upstream, List.of(), CLOCK), AIUpstream::new);

        JsonNode json = new ObjectMapper().readTree(new KubernetesSerialization().asJson(applied));

        JsonNode status = json.get("status");
        assertThat(status.has("health")).as("status.health in %s", json).isFalse();
        assertThat(status.has("healthy")).as("status.healthy in %s", json).isFalse();
        assertThat(status.get("targetCount").asInt()).isEqualTo(1);
        assertThat(status.get("observedGeneration").asLong()).isEqualTo(1L);
        assertThat(json.get("metadata").get("name").asText()).isEqualTo("providers");
    }

    @Test
    void shouldSeeNoChangeWhenOnlyTheProxiesFieldsDifferFromWhatTheOperatorWants() {
        AIUpstreamStatus desired = AIUpstreamReconciler.operatorStatus(upstream, List.of(), CLOCK);

        assertThat(desired).isNotEqualTo(upstream.getStatus());
        assertThat(desired.withProxyFieldsOf(upstream.getStatus())).isEqualTo(upstream.getStatus());
    }

    @Test
    void shouldTakeTheProxiesFieldsIntoACopyAndLeaveTheDesiredStatusAlone() {
        AIUpstreamStatus desired = AIUpstreamReconciler.operatorStatus(upstream, List.of(), CLOCK);

        AIUpstreamStatus written = desired.withProxyFieldsOf(upstream.getStatus());

        assertThat(written.getHealth()).isEqualTo(reported);
        assertThat(written.getHealthy()).isEqualTo("0/1");
        assertThat(desired.getHealth()).isNull();
        assertThat(desired.getHealthy()).isNull();
        assertThat(desired.withProxyFieldsOf(null).getHealth()).isNull();
    }

    @Test
    void shouldReadTheProxiesReportBackFromTheResourceJson() {
        KubernetesSerialization serialization = new KubernetesSerialization();

        AIUpstream read = serialization.unmarshal(serialization.asJson(upstream), AIUpstream.class);

        assertThat(read.getStatus().getHealth()).isEqualTo(reported);
        assertThat(read.getStatus()).isEqualTo(upstream.getStatus());
    }
}
