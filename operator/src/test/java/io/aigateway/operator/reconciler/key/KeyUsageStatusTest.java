package io.aigateway.operator.reconciler.key;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.usage.KeyUsage;
import io.aigateway.model.usage.WindowUsage;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIKeyStatus;
import io.aigateway.operator.reconciler.Fixtures;
import io.aigateway.operator.reconciler.StatusUpdates;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's AIKey status writes leave {@code status.usage} to the proxies. */
class KeyUsageStatusTest {

    private static final KeyUsage REPORTED = new KeyUsage("2026-06-01T12:00:05Z", "gw-proxy-7d9f-abcde",
            new WindowUsage(null, 12L, 60L, 3_400L, null, null, null),
            new WindowUsage("2026-06-01T00:00:00Z", null, null, 120_000L, 1_000_000L, "1.25", null),
            new WindowUsage("2026-06-01T00:00:00Z", null, null, 120_000L, null, "1.25", "25.00"));

    private AIKey key;
    private AIKeyStatus operatorStatus;

    @BeforeEach
    void keyWithAProxyReport() {
        key = Fixtures.key("ns", "team-a", "gw", "team-a-key");
        operatorStatus = new AIKeyStatus();
        operatorStatus.setObservedGeneration(1L);
        operatorStatus.setSecretName("team-a-key");
        operatorStatus.setFingerprint("0123456789ab");
        AIKeyStatus onServer = operatorStatus.withProxyFieldsOf(null);
        onServer.setUsage(REPORTED);
        key.setStatus(onServer);
    }

    @Test
    void shouldLeaveUsageOutOfTheStatusTheOperatorApplies() throws Exception {
        AIKey applied = StatusUpdates.statusToApply(key, operatorStatus, AIKey::new);

        JsonNode status = new ObjectMapper().readTree(new KubernetesSerialization().asJson(applied)).get("status");

        assertThat(status.has("usage")).as("status.usage in %s", status).isFalse();
        assertThat(status.get("fingerprint").asText()).isEqualTo("0123456789ab");
    }

    @Test
    void shouldSeeNoChangeWhenOnlyUsageDiffersFromWhatTheOperatorWants() {
        assertThat(operatorStatus).isNotEqualTo(key.getStatus());
        assertThat(operatorStatus.withProxyFieldsOf(key.getStatus())).isEqualTo(key.getStatus());
        assertThat(operatorStatus.getUsage()).isNull();
    }

    @Test
    void shouldReadTheProxiesReportBackFromTheResourceJson() {
        KubernetesSerialization serialization = new KubernetesSerialization();

        AIKey read = serialization.unmarshal(serialization.asJson(key), AIKey.class);

        assertThat(read.getStatus().getUsage()).isEqualTo(REPORTED);
        assertThat(read.getStatus().getUsage().day().tokens()).isEqualTo(120_000L);
    }
}
