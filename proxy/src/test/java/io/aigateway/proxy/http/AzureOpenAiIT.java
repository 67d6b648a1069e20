package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The translated path end to end: the OpenAI SDK through the proxy to a fake Azure OpenAI deployment. */
class AzureOpenAiIT extends SdkThroughProxy {

    private static final String AZURE_KEY = "azure-secret-key";
    private static final String DEPLOYMENT_PATH = "/openai/deployments/gpt4o-prod/chat/completions";

    private FakeUpstream azure;

    @BeforeEach
    void setUp() throws Exception {
        azure = FakeUpstream.start(vertx, "azure");
        Target target = new Target("azure", Provider.AZURE, new Endpoint("http", "127.0.0.1", azure.port(), ""),
                null, 1, 1, List.of(), null, Map.of(), Map.of(),
                new Credentials(null, null, null,
                        new Credentials.AzureCredentials("u.azure.apiKey", "gpt4o-prod", "2024-10-21")), null, null);
        start(target, Map.of("u.azure.apiKey", AZURE_KEY));
    }

    /** Answers like Azure does, and only to a request shaped as Azure requires it. */
    private void azureAnswers(FakeUpstream.Behaviour answer) {
        azure.behave((req, body) -> {
            if (!DEPLOYMENT_PATH.equals(req.path()) || !"2024-10-21".equals(req.getParam("api-version"))
                    || !AZURE_KEY.equals(req.getHeader("api-key")) || req.getHeader("Authorization") != null) {
                req.response().setStatusCode(401).end("{\"error\":{\"code\":\"401\",\"message\":\"bad request "
                        + "shape\"}}");
                return;
            }
            answer.respond(req, body);
        });
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello").build();
    }

    @Test
    void shouldServeACompletionFromTheDeploymentUrlWithTheApiKeyHeader() {
        azureAnswers(azure.ok());

        ChatCompletion completion = sdk.chat().completions().create(params());

        assertThat(completion.choices().get(0).message().content()).hasValue("azure");
        assertThat(new JsonObject(azure.last().body()).getString("model")).isEqualTo("gpt-4o");
        assertThat(azure.last().headers().get("x-api-key")).isNull();
    }

    @Test
    void shouldRelayTheStreamChunkByChunk() {
        azureAnswers((req, body) -> {
            var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            for (String piece : List.of("Hel", "lo")) {
                resp.write("data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + piece
                        + "\"},\"finish_reason\":null}]}\n\n");
            }
            resp.end("data: [DONE]\n\n");
        });

        List<String> seen = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params())) {
            stream.stream().forEach(c -> seen.add(c.choices().get(0).delta().content().orElseThrow()));
        }

        assertThat(seen).containsExactly("Hel", "lo");
    }

    @Test
    void shouldPassTheDeploymentsRefusalToTheClientInOpenAiFormat() {
        azureAnswers((req, body) -> req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end("{\"error\":{\"code\":\"context_length_exceeded\",\"message\":\"too long\",\"param\":\"messages\","
                        + "\"type\":\"invalid_request_error\"}}"));

        assertThatThrownBy(() -> sdk.chat().completions().create(params()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("too long");
    }
}
