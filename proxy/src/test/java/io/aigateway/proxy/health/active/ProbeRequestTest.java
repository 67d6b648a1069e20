package io.aigateway.proxy.health.active;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.ActiveHealthCheck;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a probe GETs on each provider: a models listing that costs nothing, never a completion. */
class ProbeRequestTest {

    private static final ActiveHealthCheck DEFAULT_PATH = new ActiveHealthCheck(30, 5, null, 200);

    private static Target target(Provider provider, String basePath, Credentials credentials,
            Map<String, String> headers) {
        return new Target("t", provider, new Endpoint("https", "api.example.com", 443, basePath), null, 1, 1,
                List.of(), null, headers, Map.of(), credentials, null, null);
    }

    private static Target target(Provider provider, String basePath) {
        return target(provider, basePath, Credentials.NONE, Map.of());
    }

    @Test
    void shouldListModelsUnderTheBasePathOfOpenAiStyleAndGeminiTargets() {
        assertThat(ProbeRequest.of(target(Provider.OPENAI, "/v1"), DEFAULT_PATH).uri()).isEqualTo("/v1/models");
        assertThat(ProbeRequest.of(target(Provider.OPENAI_COMPATIBLE, "/serving/v1/"), DEFAULT_PATH).uri())
                .isEqualTo("/serving/v1/models");
        assertThat(ProbeRequest.of(target(Provider.GEMINI, "/v1beta"), DEFAULT_PATH).uri())
                .isEqualTo("/v1beta/models");
    }

    @Test
    void shouldListAnthropicModelsWithTheApiVersionHeaderAnthropicRequires() {
        ProbeRequest probe = ProbeRequest.of(target(Provider.ANTHROPIC, "/v1"), DEFAULT_PATH);

        assertThat(probe.uri()).isEqualTo("/v1/models");
        assertThat(probe.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        ProbeRequest pinned = ProbeRequest.of(target(Provider.ANTHROPIC, "/v1", Credentials.NONE,
                Map.of("anthropic-version", "2024-01-01")), DEFAULT_PATH);
        assertThat(pinned.headers().get("anthropic-version")).as("the target's own header wins")
                .isEqualTo("2024-01-01");
    }

    @Test
    void shouldListTheModelsOfAnAzureResourceAtItsApiVersion() {
        Credentials azure = new Credentials(null, null, null,
                new Credentials.AzureCredentials("u.azure.apiKey", "gpt4o", "2024-10-21"));

        assertThat(ProbeRequest.of(target(Provider.AZURE, "", azure, Map.of()), DEFAULT_PATH).uri())
                .isEqualTo("/openai/models?api-version=2024-10-21");
    }

    @Test
    void shouldNotProbeBedrockUnlessAPathIsSet() {
        assertThat(ProbeRequest.of(target(Provider.BEDROCK, ""), DEFAULT_PATH)).isNull();
        assertThat(ProbeRequest.of(target(Provider.BEDROCK, ""), new ActiveHealthCheck(30, 5, "/ping", 200)).uri())
                .isEqualTo("/ping");
    }

    @Test
    void shouldGetTheConfiguredPathAsIsWithTheTargetsHeaders() {
        ProbeRequest probe = ProbeRequest.of(target(Provider.OPENAI_COMPATIBLE, "/v1", Credentials.NONE,
                Map.of("X-Team", "ml")), new ActiveHealthCheck(30, 5, "/health?deep=false", 204));

        assertThat(probe.uri()).isEqualTo("/health?deep=false");
        assertThat(probe.headers().get("X-Team")).isEqualTo("ml");
    }
}
