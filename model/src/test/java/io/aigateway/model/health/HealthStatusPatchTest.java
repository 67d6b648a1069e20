package io.aigateway.model.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthStatusPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UpstreamHealth HEALTH = new UpstreamHealth(
            List.of(new ReplicaReport("p-1", "2025-06-01T12:00:00Z", List.of(new TargetReport("a", false, "503", 3,
                    "2025-06-01T11:59:00Z")))),
            List.of(new TargetAggregate("a", false, 1, 1, "503"), new TargetAggregate("b", true, 0, 0, null)));

    @Test
    void shouldSetOnlyTheProxiesFieldsLockedOnTheResourceVersionRead() throws Exception {
        JsonNode ops = JSON.readTree(HealthStatusPatch.setting("42", true, HEALTH));

        assertThat(ops).hasSize(3);
        assertThat(ops.get(0)).isEqualTo(JSON.readTree("""
                {"op": "replace", "path": "/metadata/resourceVersion", "value": "42"}"""));
        assertThat(ops.get(1).get("path").asText()).isEqualTo("/status/health");
        assertThat(JSON.treeToValue(ops.get(1).get("value"), UpstreamHealth.class)).isEqualTo(HEALTH);
        assertThat(ops.get(2)).isEqualTo(JSON.readTree("""
                {"op": "add", "path": "/status/healthy", "value": "1/2"}"""));
    }

    @Test
    void shouldAddTheStatusFirstWhenTheResourceHasNone() throws Exception {
        JsonNode ops = JSON.readTree(HealthStatusPatch.setting("42", false, HEALTH));

        assertThat(ops.get(1)).isEqualTo(JSON.readTree("""
                {"op": "add", "path": "/status", "value": {}}"""));
        assertThat(ops).extracting(op -> op.get("path").asText())
                .containsExactly("/metadata/resourceVersion", "/status", "/status/health", "/status/healthy");
    }

    @Test
    void shouldRemoveOnlyTheProxiesFieldsTheResourceHas() throws Exception {
        assertThat(JSON.readTree(HealthStatusPatch.removing("7", true, true))).isEqualTo(JSON.readTree("""
                [{"op": "replace", "path": "/metadata/resourceVersion", "value": "7"},
                 {"op": "remove", "path": "/status/health"},
                 {"op": "remove", "path": "/status/healthy"}]"""));
        assertThat(JSON.readTree(HealthStatusPatch.removing("7", true, false)))
                .extracting(op -> op.get("path").asText())
                .containsExactly("/metadata/resourceVersion", "/status/health");
    }
}
