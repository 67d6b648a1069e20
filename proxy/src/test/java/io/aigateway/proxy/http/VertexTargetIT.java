package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.OpenAiSdk.weatherParams;
import static io.aigateway.proxy.support.StrictGemini.candidate;
import static io.aigateway.proxy.support.StrictGemini.event;
import static io.aigateway.proxy.support.StrictGemini.functionCall;
import static io.aigateway.proxy.support.StrictGemini.response;
import static io.aigateway.proxy.support.StrictGemini.text;
import static io.aigateway.proxy.support.StrictGemini.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.FakeGoogleTokens;
import io.aigateway.proxy.support.MovableClock;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictGemini;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI and Anthropic Java SDKs through the proxy to a {@code vertex} target: a strict fake Vertex AI
 * that takes only the access tokens a fake Google token endpoint issued and has not seen expire, on the project's
 * and location's path; the token endpoint takes only JWT assertions signed by the service account's key. Time is the
 * test's clock, moved on to expire tokens.
 */
class VertexTargetIT extends SdkThroughProxy {

    private static final String PROJECT = "test-project";
    private static final String LOCATION = "europe-west4";
    private static final String MODEL = "gemini-2.5-flash";
    private static final String KEY_ENTRY = "u.vertex.serviceAccountKey";
    private static final String MODEL_PATH = "/v1/projects/" + PROJECT + "/locations/" + LOCATION
            + "/publishers/google/models/" + MODEL;

    private final MovableClock movable = new MovableClock(Instant.parse("2026-12-07T09:00:00Z"));
    private final AtomicBoolean vertexTakesTokens = new AtomicBoolean(true);
    private FakeGoogleTokens tokens;
    private StrictGemini vertexAi;
    private AnthropicClient anthropic;

    @BeforeEach
    void setUp() throws Exception {
        clock = movable;
        tokens = FakeGoogleTokens.start(vertx, movable);
        vertexAi = StrictGemini.vertex(vertx, PROJECT, LOCATION, t -> vertexTakesTokens.get() && tokens.valid(t));
    }

    private void startWithVertex(Target... more) throws Exception {
        List<Target> targets = new ArrayList<>(List.of(vertexTarget("vertex", 1)));
        targets.addAll(List.of(more));
        startUpstream(Map.of(KEY_ENTRY, tokens.serviceAccountJson(), "u.gemini.apiKey", "AIza-gemini"),
                targets.toArray(Target[]::new));
        anthropic = AnthropicSdk.client(h.proxy.port());
    }

    private Target vertexTarget(String name, int priority) {
        return new Target(name, Provider.VERTEX, new Endpoint("http", "127.0.0.1", vertexAi.port(), "/v1"), null, 1,
                priority, List.of(), null, Map.of(), Map.of(), new Credentials(null, null, null, null,
                        new Credentials.VertexCredentials(KEY_ENTRY, PROJECT, LOCATION)), null, null);
    }

    @AfterEach
    void closeAnthropic() throws Exception {
        if (anthropic != null) {
            anthropic.close();
        }
        tokens.close();
    }

    private String bearer() {
        return vertexAi.last().headers().get("Authorization");
    }

    @Test
    void shouldAnswerAPlainCompletionWithTheServiceAccountsAccessTokenOnTheProjectsPath() throws Exception {
        startWithVertex();
        vertexAi.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(response(candidate(new JsonArray().add(text("Hello from Vertex")), "STOP"),
                        usage(12, 4, 0)).encode()));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("Be brief.").addUserMessage("Hello").build());

        assertPlainCompletion(completion, "Hello from Vertex", 12, 4, 16, 0);
        assertThat(vertexAi.last().uri()).isEqualTo(MODEL_PATH + ":generateContent");
        assertThat(bearer()).isEqualTo("Bearer ya29.test-1");
        assertThat(vertexAi.last().headers().get("x-goog-api-key")).isNull();
        assertThat(vertexAi.lastBody().getJsonArray("contents").getJsonObject(0).getString("role"))
                .isEqualTo("user");
    }

    @Test
    void shouldStreamAndReuseTheTokenItAlreadyHas() throws Exception {
        startWithVertex();
        sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Hi")
                .build());
        StringBuilder transcript = new StringBuilder();
        List<String> pieces = List.of("Héllo", ", wörld", " 🌍", "!");
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            transcript.append(event(response(candidate(new JsonArray().add(text(pieces.get(i))),
                    last ? "STOP" : null), last ? usage(20, 6, 8) : null)));
        }
        vertexAi.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "text/event-stream",
                transcript.toString().getBytes(StandardCharsets.UTF_8), 23));

        OpenAiSdk.Collected got = streamHello(MODEL);

        assertStreamedHello(got, 20, 6, 26, 8);
        assertThat(vertexAi.last().uri()).isEqualTo(MODEL_PATH + ":streamGenerateContent?alt=sse");
        assertThat(bearer()).isEqualTo("Bearer ya29.test-1");
        assertThat(tokens.issued()).containsExactly("ya29.test-1");
    }

    @Test
    void shouldCallAToolForAnOpenAiClientAndSendItsResultBack() throws Exception {
        startWithVertex();
        vertexAi.answer(StrictGemini.weatherRound());

        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());
        ChatCompletionMessageFunctionToolCall call = assertToolCalled(first, "get_weather",
                new JsonObject().put("location", "Paris, France"));
        ChatCompletion second = answerTool(MODEL, first, call.id(), "{\"temperature\":\"18 °C\"}");

        assertThat(second.choices().get(0).message().content().orElseThrow()).contains("18 °C").contains("Paris");
        JsonArray contents = vertexAi.lastBody().getJsonArray("contents");
        assertThat(contents.stream().map(c -> ((JsonObject) c).getString("role")))
                .containsExactly("user", "model", "user");
        assertThat(vertexAi.received()).hasSize(2);
    }

    @Test
    void shouldServeAnAnthropicClientWholeWithAToolRound() throws Exception {
        startWithVertex();
        vertexAi.answer((req, body) -> {
            JsonArray contents = new JsonObject(body).getJsonArray("contents");
            boolean result = contents.size() > 1;
            JsonObject answer = result
                    ? response(candidate(new JsonArray().add(text("It is 18°C in Paris.")), "STOP"), usage(70, 9, 0))
                    : response(candidate(new JsonArray().add(functionCall("get_weather",
                            new JsonObject().put("location", "Paris"))), "STOP"), usage(50, 12, 0));
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });
        MessageCreateParams first = MessageCreateParams.builder().model(MODEL).maxTokens(256)
                .addTool(AnthropicSdk.weatherTool()).addUserMessage("Weather in Paris?").build();

        Message call = anthropic.messages().create(first);

        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = call.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow()
                .asToolUse();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("location", "Paris"));
        assertThat(vertexAi.last().uri()).isEqualTo(MODEL_PATH + ":generateContent");

        Message answer = anthropic.messages().create(first.toBuilder().addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("18°C").build())))
                .build());

        assertThat(answer.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
        assertThat(answer.usage().inputTokens()).isEqualTo(70);
        JsonObject functionResponse = vertexAi.lastBody().getJsonArray("contents").getJsonObject(2)
                .getJsonArray("parts").getJsonObject(0).getJsonObject("functionResponse");
        assertThat(functionResponse.getString("name")).isEqualTo("get_weather");
        assertThat(bearer()).isEqualTo("Bearer ya29.test-1");
    }

    @Test
    void shouldStreamToAnAnthropicClient() throws Exception {
        startWithVertex();
        String transcript = event(response(candidate(new JsonArray().add(text("Bonjour")), null), null))
                + event(response(candidate(new JsonArray().add(text(" à vous")), "STOP"), usage(9, 3, 0)));
        vertexAi.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "text/event-stream",
                transcript.getBytes(StandardCharsets.UTF_8), 17));

        List<String> texts = new ArrayList<>();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(
                MessageCreateParams.builder().model(MODEL).maxTokens(64).addUserMessage("Say hello").build())) {
            stream.stream().forEach(e -> {
                accumulator.accumulate(e);
                e.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> texts.add(t.text()));
            });
        }

        assertThat(String.join("", texts)).isEqualTo("Bonjour à vous");
        assertThat(accumulator.message().stopReason()).contains(StopReason.END_TURN);
        assertThat(accumulator.message().usage().outputTokens()).isEqualTo(3);
        assertThat(vertexAi.last().uri()).isEqualTo(MODEL_PATH + ":streamGenerateContent?alt=sse");
        assertThat(bearer()).isEqualTo("Bearer ya29.test-1");
    }

    @Test
    void shouldSendANewTokenOnceTheFirstHasExpired() throws Exception {
        startWithVertex();
        h.chat(MODEL);
        assertThat(bearer()).isEqualTo("Bearer ya29.test-1");

        movable.advance(Duration.ofHours(1)); // the fake Vertex AI refuses ya29.test-1 from now on

        HttpResponse<String> after = h.chat(MODEL);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(bearer()).isEqualTo("Bearer ya29.test-2");
        assertThat(tokens.issued()).containsExactly("ya29.test-1", "ya29.test-2");
    }

    @Test
    void shouldRefreshAheadOfExpiryWhileStillSendingTheTokenItHas() throws Exception {
        startWithVertex();
        h.chat(MODEL);

        movable.advance(Duration.ofMinutes(57)); // 3 minutes left: still sent, and a refresh starts

        assertThat(h.chat(MODEL).statusCode()).isEqualTo(200);
        assertThat(bearer()).isEqualTo("Bearer ya29.test-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> tokens.issued().size() == 2);
        h.chat(MODEL);
        assertThat(bearer()).isEqualTo("Bearer ya29.test-2");
        assertThat(tokens.issued()).containsExactly("ya29.test-1", "ya29.test-2");
    }

    @Test
    void shouldFailOverWhenNoTokenCanBeHadNamingTheTargetAndNoSecret() throws Exception {
        StrictGemini gemini = StrictGemini.start(vertx, "AIza-gemini");
        startWithVertex(new Target("gemini", Provider.GEMINI, new Endpoint("http", "127.0.0.1", gemini.port(),
                "/v1beta"), null, 1, 2, List.of(), null, Map.of(), Map.of(),
                new Credentials("u.gemini.apiKey", null, null, null), null, null));
        tokens.keyDeleted(true);

        HttpResponse<String> served = h.chat(MODEL);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("X-Selected-Target")).hasValue("gemini");
        assertThat(vertexAi.received()).isEmpty();
        assertThat(tokens.refused()).contains("400: Invalid JWT Signature.");
    }

    @Test
    void shouldAnswer502WhenTheOnlyTargetHasNoTokenWithoutTheKeyInTheMessage() throws Exception {
        startWithVertex();
        tokens.keyDeleted(true);

        HttpResponse<String> failed = h.chat(MODEL);

        assertThat(failed.statusCode()).isEqualTo(502);
        JsonObject error = new JsonObject(failed.body()).getJsonObject("error");
        assertThat(error.getString("message")).isEqualTo("No target could serve the request: vertex: the service "
                + "account key could not be exchanged for an access token (token endpoint answered 400)");
        assertThat(failed.body()).doesNotContain("PRIVATE KEY").doesNotContain("ya29");
        assertThat(vertexAi.received()).isEmpty();
    }

    @Test
    void shouldAnswerVertexRefusingTheTokenAsGeminiDoes() throws Exception {
        startWithVertex();
        vertexTakesTokens.set(false);

        HttpResponse<String> refused = h.chat(MODEL);

        assertThat(refused.statusCode()).isEqualTo(502);
        JsonObject error = new JsonObject(refused.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("upstream_authentication_failed");
        assertThat(error.getString("message"))
                .isEqualTo("The provider refused the gateway's credentials for this target.");
        assertThat(vertexAi.received()).hasSize(1);
    }

    @Test
    void shouldGetANewTokenAfterVertexRefusedTheOneItHad() throws Exception {
        startWithVertex();
        vertexTakesTokens.set(false); // as when Google revokes a token before its expiry
        assertThat(h.chat(MODEL).statusCode()).isEqualTo(502);
        vertexTakesTokens.set(true);

        HttpResponse<String> after = h.chat(MODEL);

        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(bearer()).isEqualTo("Bearer ya29.test-2");
        assertThat(tokens.issued()).containsExactly("ya29.test-1", "ya29.test-2");
    }
}
