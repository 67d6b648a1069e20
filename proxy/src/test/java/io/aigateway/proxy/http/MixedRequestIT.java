package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictOpenAi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seeds' mixed request (OpenAI {@code messages}, a top-level {@code system}, {@code max_tokens}) from the
 * official OpenAI SDK, which sends {@code system} as an extra body property, to targets that speak Chat Completions
 * and refuse unknown arguments as OpenAI does.
 */
class MixedRequestIT extends SdkThroughProxy {

    private StrictOpenAi provider;

    private static ChatCompletionCreateParams mixed() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello").maxTokens(5)
                .putAdditionalBodyProperty("system", JsonValue.from("Answer in French.")).build();
    }

    private void assertSystemFolded() {
        JsonObject sent = provider.lastBody();
        assertThat(sent.containsKey("system")).isFalse();
        assertThat(sent.getInteger("max_tokens")).isEqualTo(5);
        JsonArray messages = sent.getJsonArray("messages");
        assertThat(messages.getJsonObject(0)).isEqualTo(new JsonObject().put("role", "system")
                .put("content", "Answer in French."));
        assertThat(messages.getJsonObject(1).getString("role")).isEqualTo("user");
        assertThat(messages).hasSize(2);
    }

    @Test
    void shouldFoldTheTopLevelSystemIntoASystemMessageForOpenAi() throws Exception {
        provider = StrictOpenAi.start(vertx, "openai", false);
        start(new Target("oai", Provider.OPENAI, new Endpoint("http", "127.0.0.1", provider.port(), "/v1"), null, 1,
                1, List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null), Map.of());

        ChatCompletion completion = sdk.chat().completions().create(mixed());

        assertThat(completion.choices().get(0).message().content()).hasValue("openai");
        assertSystemFolded();
        assertThat(provider.lastBody().getString("model")).isEqualTo("gpt-4o");
    }

    @Test
    void shouldFoldTheTopLevelSystemIntoASystemMessageForAzure() throws Exception {
        provider = StrictOpenAi.start(vertx, "azure", true);
        start(new Target("azure", Provider.AZURE, new Endpoint("http", "127.0.0.1", provider.port(), ""), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), new Credentials(null, null, null,
                        new Credentials.AzureCredentials("u.azure.apiKey", "gpt4o-prod", "2024-10-21")), null, null),
                Map.of("u.azure.apiKey", "azure-key"));

        ChatCompletion completion = sdk.chat().completions().create(mixed());

        assertThat(completion.choices().get(0).message().content()).hasValue("azure");
        assertSystemFolded();
    }
}
