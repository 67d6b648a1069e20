package io.aigateway.operator.reconciler.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.OperatorITBase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier (see {@link OperatorITBase}): the proxies' {@code status.health} and {@code status.healthy}
 * survive the operator's AIUpstream status writes, and cause none of their own.
 */
class UpstreamHealthStatusIT extends OperatorITBase {

    private static final String UPSTREAM = "providers";

    @BeforeEach
    void createUpstream() {
        apply("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: provider-keys
                stringData:
                  openai: sk-test-openai
                  anthropic: sk-test-anthropic
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata:
                  name: providers
                spec:
                  algorithm: round-robin
                  targets:
                    - name: openai
                      provider: openai
                      weight: 50
                      credentials:
                        apiKey: {name: provider-keys, key: openai}
                    - name: anthropic
                      provider: anthropic
                      weight: 50
                      credentials:
                        apiKey: {name: provider-keys, key: anthropic}
                """);
        eventually().until(() -> observedGeneration() == 1L);
        awaitQuiet();
    }

    @Test
    void shouldKeepTheProxiesReportThroughReconcilesAndNotWriteBecauseOfIt() {
        UpstreamHealth reported = report("gw-a", "500");
        writeProxyReport(reported);
        int writes = statusWrites.total();
        int reconcilesBefore = reconciles.of(AIUpstream.class, namespace, UPSTREAM);

        // A touched Secret reconciles the upstream with nothing of the operator's to change.
        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            secret.getMetadata().setLabels(Map.of("touched", "yes"));
            return secret;
        });
        eventually().until(() -> reconciles.of(AIUpstream.class, namespace, UPSTREAM) > reconcilesBefore);
        assertThat(statusWrites.total()).as("status writes after the proxy's").isEqualTo(writes);

        changeSpec();
        eventually().until(() -> observedGeneration() == 2L);
        AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
        assertThat(status.getHealth()).isEqualTo(reported);
        assertThat(status.getHealthy()).isEqualTo("1/2");
        assertThat(status.getTargets()).extracting(t -> t.getName()).containsExactly("openai", "anthropic");
    }

    private void changeSpec() {
        client.resources(AIUpstream.class).inNamespace(namespace).withName(UPSTREAM).edit(upstream -> {
            upstream.getSpec().getTargets().get(0).setWeight(60);
            return upstream;
        });
    }

    private long observedGeneration() {
        AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
        return upstream == null || upstream.getStatus() == null || upstream.getStatus().getObservedGeneration() == null
                ? 0L : upstream.getStatus().getObservedGeneration();
    }

    /** What a proxy replica seeing {@code openai} fail with {@code reason} reports. */
    private static UpstreamHealth report(String replica, String reason) {
        Instant now = Instant.now();
        String at = HealthAggregation.format(now);
        ReplicaReport report = new ReplicaReport(replica, at, List.of(new TargetReport("anthropic", true, null, 0, at),
                new TargetReport("openai", false, reason, 3, at)));
        return HealthAggregation.merge(null, report, List.of("anthropic", "openai"), now, Duration.ofMinutes(3));
    }

    /**
     * Writes the proxies' fields, as another writer than the operator: the whole status, locked on the
     * resourceVersion just read. (StatusOwnershipIT in deploy-tests has the proxy's own reporter write them.)
     */
    private void writeProxyReport(UpstreamHealth health) {
        AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
        upstream.getStatus().setHealth(health);
        upstream.getStatus().setHealthy(health.healthySummary());
        client.resource(upstream).updateStatus();
    }
}
