package io.aigateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upstream's model routes and mapping, and an Azure target's deployments, in the compiled config. */
class ModelRoutesTest {

    private static final Target OPENAI = new Target("openai", Provider.OPENAI,
            new Endpoint("https", "api.openai.com", 443, "/v1"), null, 1, 1, List.of(), null, Map.of(), Map.of(),
            null, null, null);

    private static Upstream upstream(Map<String, List<String>> routes, Map<String, Map<String, String>> mapping) {
        return new Upstream("chat", Algorithm.ROUND_ROBIN, new HealthChecks(true, 3, 60), Timeouts.DEFAULTS, 3,
                List.of(OPENAI), null, 64, routes, mapping);
    }

    private static RoutingConfig config(Upstream upstream) {
        return new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "r1", "gw", "default", List.of(), List.of(),
                RoutingConfig.DEFAULT_MAX_REQUEST_BODY_BYTES, List.of(), List.of(), List.of(upstream), List.of(),
                null);
    }

    @Test
    void shouldRoundTripRoutesAndMappingAndLeaveThemOutWhenEmpty() {
        RoutingConfig routed = config(upstream(Map.of("gpt-4", List.of("openai"), "default", List.of("openai")),
                Map.of("fast", Map.of("openai", "gpt-4o-mini"))));

        assertThat(RoutingConfigJson.read(RoutingConfigJson.write(routed))).isEqualTo(routed);
        assertThat(RoutingConfigJson.write(config(upstream(null, null))))
                .doesNotContain("modelRoutes", "modelMapping");
    }

    @Test
    void shouldRefuseARouteOrMappingNamingAnotherTarget() {
        assertThatThrownBy(() -> upstream(Map.of("gpt-4", List.of("anthropic")), null))
                .hasMessage("upstreams[].modelRoutes[gpt-4] names anthropic, which is not a target of the upstream");
        assertThatThrownBy(() -> upstream(null, Map.of("fast", Map.of("groq", "llama"))))
                .hasMessage("upstreams[].modelMapping[fast] names groq, which is not a target of the upstream");
    }

    @Test
    void shouldRefuseEmptyNames() {
        assertThatThrownBy(() -> upstream(Map.of(" ", List.of("openai")), null))
                .hasMessage("upstreams[].modelRoutes key must not be empty");
        assertThatThrownBy(() -> upstream(Map.of("gpt-4", List.of()), null))
                .hasMessage("upstreams[].modelRoutes[gpt-4] names no target");
        assertThatThrownBy(() -> upstream(null, Map.of("fast", Map.of("openai", ""))))
                .hasMessage("upstreams[].modelMapping[fast][openai] must not be empty");
    }

    @Test
    void shouldChooseTheAzureDeploymentByModel() {
        var azure = new Credentials.AzureCredentials("k", "default-deployment", "2024-10-21",
                Map.of("gpt-4", "my-gpt4-deployment"));

        assertThat(azure.deploymentFor("gpt-4")).isEqualTo("my-gpt4-deployment");
        assertThat(azure.deploymentFor("gpt-35-turbo")).isEqualTo("default-deployment");
        assertThat(azure.deploymentFor(null)).isEqualTo("default-deployment");
        assertThatThrownBy(() -> new Credentials.AzureCredentials("k", "d", "2024-10-21", Map.of("gpt-4", " ")))
                .hasMessage("credentials.azure.deployments[gpt-4] must not be empty");
    }
}
