package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.StrictFake;
import io.aigateway.proxy.support.StrictOpenAi;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream's model routes and mapping end to end, with the official OpenAI and Anthropic SDKs as clients and
 * strict fakes of OpenAI, Anthropic and an Azure OpenAI resource as its targets (plus {@code spare}, a second
 * OpenAI): which target a model reaches, and the model (and Azure deployment) each target receives.
 */
class ModelRoutingIT {

    private static final String ANTHROPIC_KEY = "sk-ant-upstream-key";
    private static final String AZURE_KEY = "azure-upstream-key";
    private static final Map<String, String> CREDENTIALS = Map.of("u.anthropic.apiKey", ANTHROPIC_KEY,
            "u.azure.apiKey", AZURE_KEY);

    private Vertx vertx;
    private StrictOpenAi openai;
    private StrictOpenAi spare;
    private StrictAnthropic anthropic;
    private StrictOpenAi azure;
    private ProxyHarness h;
    private OpenAIClient openAiSdk;
    private AnthropicClient anthropicSdk;

    @BeforeEach
    void startFakes() throws Exception {
        vertx = Vertx.vertx();
        openai = StrictOpenAi.start(vertx, "openai", false);
        spare = StrictOpenAi.start(vertx, "spare", false);
        anthropic = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
        azure = StrictOpenAi.start(vertx, "azure", true);
    }

    @AfterEach
    void stopAll() throws Exception {
        if (h != null) {
            openAiSdk.close();
            anthropicSdk.close();
            h.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Upstream {@code u}: the four targets, all in one tier, round-robin, with these routes and mapping. */
    private void start(Map<String, List<String>> routes, Map<String, Map<String, String>> mapping) throws Exception {
        Target openaiTarget = new Target("openai", Provider.OPENAI, local(openai.port(), "/v1"), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null);
        Target spareTarget = new Target("spare", Provider.OPENAI, local(spare.port(), "/v1"), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null);
        Target anthropicTarget = new Target("anthropic", Provider.ANTHROPIC, local(anthropic.port(), "/v1"), null,
                1, 1, List.of(), null, Map.of(), Map.of(), new Credentials("u.anthropic.apiKey", null, null, null),
                null, null);
        Target azureTarget = new Target("azure", Provider.AZURE, local(azure.port(), ""), null, 1, 1, List.of(),
                null, Map.of(), Map.of(), new Credentials(null, null, null, new Credentials.AzureCredentials(
                        "u.azure.apiKey", "gpt35-default", "2024-10-21",
                        Map.of("gpt-4-turbo", "gpt4-prod", "gpt-35-turbo", "gpt35-prod"))), null, null);
        Upstream upstream = new Upstream("u", Algorithm.ROUND_ROBIN, Configs.HEALTH, Configs.TIMEOUTS, 1,
                List.of(openaiTarget, spareTarget, anthropicTarget, azureTarget), null,
                Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET, routes, mapping);
        h = ProxyHarness.start(vertx, Configs.simple(upstream), CREDENTIALS);
        openAiSdk = OpenAiSdk.client(h.proxy.port());
        anthropicSdk = AnthropicSdk.client(h.proxy.port());
    }

    private static Endpoint local(int port, String basePath) {
        return new Endpoint("http", "127.0.0.1", port, basePath);
    }

    /** The answer's text: each fake answers with its name, or Anthropic's with its default message. */
    private String chat(String model) {
        return openAiSdk.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("Say hello").build()).choices().get(0).message().content().orElseThrow();
    }

    private String message(String model) {
        Message message = anthropicSdk.messages().create(MessageCreateParams.builder().model(model).maxTokens(64)
                .addUserMessage("Say hello").build());
        return message.content().get(0).asText().text();
    }

    private static List<String> modelsReceived(StrictFake<?> fake) {
        List<String> models = new ArrayList<>();
        fake.received().forEach(r -> models.add(new JsonObject(r.body()).getString("model")));
        return models;
    }

    @Test
    void shouldSendEachRoutedModelToItsTargetAndEveryOtherToTheDefault() throws Exception {
        start(Map.of("gpt-4", List.of("openai"), "claude-3-opus", List.of("anthropic"),
                "default", List.of("spare")), Map.of());

        for (int request = 0; request < 3; request++) {
            assertThat(chat("gpt-4")).isEqualTo("openai");
        }
        assertThat(message("claude-3-opus")).isEqualTo("Hello from Claude");
        assertThat(chat("claude-3-opus")).as("translated for Anthropic").isEqualTo("Hello from Claude");
        assertThat(chat("mistral-large")).isEqualTo("spare");
        assertThat(message("llama-3")).as("an Anthropic client's unlisted model").isEqualTo("spare");

        assertThat(modelsReceived(openai)).containsExactly("gpt-4", "gpt-4", "gpt-4");
        assertThat(modelsReceived(anthropic)).containsExactly("claude-3-opus", "claude-3-opus");
        assertThat(modelsReceived(spare)).containsExactly("mistral-large", "llama-3");
        assertThat(azure.received()).isEmpty();
    }

    @Test
    void shouldAnswer404InTheClientsFormatForAModelWithoutARouteWhenThereIsNoDefault() throws Exception {
        start(Map.of("gpt-4", List.of("openai")), Map.of());

        assertThatThrownBy(() -> chat("mistral-large")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("The model 'mistral-large' is not served here; models served: gpt-4.")
                .satisfies(e -> assertThat(((NotFoundException) e).code()).hasValue("model_not_found"));
        assertThatThrownBy(() -> message("claude-3-opus"))
                .isInstanceOf(com.anthropic.errors.NotFoundException.class)
                .hasMessageContaining("not_found_error")
                .hasMessageContaining("The model 'claude-3-opus' is not served here");
        assertThat(openai.received()).isEmpty();
        assertThat(spare.received()).isEmpty();
        assertThat(anthropic.received()).isEmpty();
    }

    @Test
    void shouldSendAnAliasToTheTargetsItMapsEachWithItsOwnModelAndNeverToAnother() throws Exception {
        start(Map.of(), Map.of("fast", Map.of("openai", "gpt-3.5-turbo",
                "anthropic", "claude-3-haiku-20240307")));

        List<String> served = new ArrayList<>();
        for (int request = 0; request < 4; request++) {
            served.add(chat("fast"));
        }
        for (int request = 0; request < 2; request++) {
            served.add(message("fast"));
        }

        assertThat(served).containsOnly("openai", "Hello from Claude")
                .filteredOn("openai"::equals).hasSize(3);
        assertThat(modelsReceived(openai)).containsOnly("gpt-3.5-turbo").hasSize(3);
        assertThat(modelsReceived(anthropic)).containsOnly("claude-3-haiku-20240307").hasSize(3);
        assertThat(spare.received()).as("no mapping for fast").isEmpty();
        assertThat(azure.received()).as("no mapping for fast").isEmpty();
    }

    @Test
    void shouldPickTheAzureDeploymentByTheModelTheTargetReceives() throws Exception {
        start(Map.of("default", List.of("azure")), Map.of("gpt-4", Map.of("azure", "gpt-4-turbo")));

        assertThat(chat("gpt-4")).isEqualTo("azure");
        assertThat(azure.last().uri()).isEqualTo("/openai/deployments/gpt4-prod/chat/completions"
                + "?api-version=2024-10-21");
        assertThat(azure.lastBody().getString("model")).isEqualTo("gpt-4-turbo");

        assertThat(chat("gpt-35-turbo")).isEqualTo("azure");
        assertThat(azure.last().uri()).startsWith("/openai/deployments/gpt35-prod/chat/completions?");

        assertThat(message("gpt-4")).as("an Anthropic client, translated").isEqualTo("azure");
        assertThat(azure.last().uri()).startsWith("/openai/deployments/gpt4-prod/chat/completions?");

        assertThat(chat("o3-mini")).isEqualTo("azure");
        assertThat(azure.last().uri()).as("a model without a deployment of its own")
                .startsWith("/openai/deployments/gpt35-default/chat/completions?");
        assertThat(azure.received()).allSatisfy(r -> assertThat(r.headers().get("api-key")).isEqualTo(AZURE_KEY));
    }

    @Test
    void shouldListTheClientFacingNamesOfTheRoutesAndTheMapping() throws Exception {
        start(Map.of("gpt-4", List.of("openai", "azure"), "claude-3-opus", List.of("anthropic"),
                "default", List.of("spare")),
                Map.of("gpt-4", Map.of("openai", "gpt-4-turbo-preview", "azure", "gpt-4-turbo"),
                        "fast", Map.of("spare", "gpt-4o-mini")));

        List<Model> models = openAiSdk.models().list().data();

        assertThat(models).extracting(Model::id).containsExactly("claude-3-opus", "fast", "gpt-4");
        assertThat(models).extracting(Model::ownedBy).containsExactly("anthropic", "openai", "openai");
        assertThat(List.of(openai, spare, azure)).allSatisfy(f -> assertThat(f.received()).isEmpty());
    }
}
