package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.OpenAiSdk.weatherParams;
import static io.aigateway.proxy.support.StrictGemini.candidate;
import static io.aigateway.proxy.support.StrictGemini.event;
import static io.aigateway.proxy.support.StrictGemini.functionCall;
import static io.aigateway.proxy.support.StrictGemini.response;
import static io.aigateway.proxy.support.StrictGemini.text;
import static io.aigateway.proxy.support.StrictGemini.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictGemini;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK through the proxy to a {@code gemini} target: a strict fake Gemini API that refuses,
 * as Google does, requests that break its rules.
 */
class GeminiTargetIT extends SdkThroughProxy {

    private static final String GEMINI_KEY = "AIzaSy-upstream-gemini-key";
    private static final String MODEL = "gemini-2.0-flash";

    private StrictGemini gemini;

    @BeforeEach
    void setUp() throws Exception {
        gemini = StrictGemini.start(vertx, GEMINI_KEY);
        start(new Target("gemini", Provider.GEMINI,
                new Endpoint("http", "127.0.0.1", gemini.port(), "/v1beta"), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), new Credentials("u.gemini.apiKey", null, null, null), null, null),
                Map.of("u.gemini.apiKey", GEMINI_KEY));
    }

    private void stream(String transcript) {
        gemini.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "text/event-stream",
                transcript.getBytes(StandardCharsets.UTF_8), 23));
    }

    @Test
    void shouldAnswerAPlainCompletionWithTheUsageIncludingCachedTokens() {
        gemini.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(response(candidate(new JsonArray().add(text("Hello! How can I help?")), "STOP"),
                        usage(120, 9, 100)).encode()));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("Be brief.").addUserMessage("Hello").build());

        assertPlainCompletion(completion, "Hello! How can I help?", 120, 9, 129, 100);
        assertThat(gemini.last().uri()).isEqualTo("/v1beta/models/" + MODEL + ":generateContent");
        JsonObject sent = gemini.lastBody();
        assertThat(sent.getJsonObject("systemInstruction").getJsonArray("parts").getJsonObject(0)
                .getString("text")).isEqualTo("Be brief.");
        assertThat(sent.getJsonArray("contents")).hasSize(1);
    }

    @Test
    void shouldStreamTheTextDeltasInOrderAndAFinalUsageChunk() {
        StringBuilder t = new StringBuilder();
        List<String> pieces = List.of("Héllo", ", wörld", " 🌍", "!");
        for (int i = 0; i < pieces.size(); i++) {
            boolean last = i == pieces.size() - 1;
            t.append(event(response(candidate(new JsonArray().add(text(pieces.get(i))), last ? "STOP" : null),
                    last ? usage(20, 6, 8) : new JsonObject().put("promptTokenCount", 20).put("totalTokenCount", 20))));
        }
        stream(t.toString());

        OpenAiSdk.Collected got = streamHello(MODEL);

        assertStreamedHello(got, 20, 6, 26, 8);
        assertThat(gemini.last().uri()).isEqualTo("/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse");
    }

    @Test
    void shouldStreamWithoutAUsageChunkWhenTheClientDidNotAskForIt() {
        stream(event(response(candidate(new JsonArray().add(text("Hi")), "STOP"), usage(20, 2, 0))));

        OpenAiSdk.Collected got = streamHelloWithoutUsage(MODEL);

        assertThat(got.text()).isEqualTo("Hi");
        assertThat(got.finishes).containsExactly("stop");
        assertThat(got.usages).isEmpty();
    }

    @Test
    void shouldCallAToolAndSendItsResultBackNamedAfterTheCall() {
        gemini.answer(StrictGemini.weatherRound());

        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());

        ChatCompletionMessageFunctionToolCall call = assertToolCalled(first, "get_weather",
                new JsonObject().put("location", "Paris, France"));
        assertThat(call.id()).isNotBlank();
        JsonObject declaration = gemini.lastBody().getJsonArray("tools").getJsonObject(0)
                .getJsonArray("functionDeclarations").getJsonObject(0);
        assertThat(declaration.getString("name")).isEqualTo("get_weather");

        ChatCompletion second = answerTool(MODEL, first, call.id(), "{\"temperature\":\"18 °C\"}");

        assertThat(second.choices().get(0).message().content().orElseThrow()).contains("18 °C").contains("Paris");
        JsonArray contents = gemini.lastBody().getJsonArray("contents");
        assertThat(contents).hasSize(3);
        assertThat(contents.getJsonObject(1).getString("role")).isEqualTo("model");
        assertThat(contents.getJsonObject(2).getJsonArray("parts").getJsonObject(0)
                .getJsonObject("functionResponse").getString("name")).isEqualTo("get_weather");
        assertThat(gemini.received()).hasSize(2);
    }

    @Test
    void shouldGiveGeminiThreeTheSignatureOfItsCallBackWhenTheClientKeepsReasoningSignature() {
        gemini.answer((req, body) -> {
            boolean result = new JsonObject(body).getJsonArray("contents").size() > 1;
            JsonArray parts = result ? new JsonArray().add(text("It is 18 °C in Paris."))
                    : new JsonArray().add(gemini.signed(functionCall("get_weather",
                            new JsonObject().put("location", "Paris, France"))));
            req.response().putHeader("Content-Type", "application/json")
                    .end(response(candidate(parts, "STOP"), usage(60, 30, 0)).encode());
        });
        String model = "gemini-3-flash-preview";

        ChatCompletion first = sdk.chat().completions().create(weatherParams(model).build());

        ChatCompletionMessage message = first.choices().get(0).message();
        JsonValue signature = message._additionalProperties().get("reasoning_signature");
        assertThat(signature).isEqualTo(JsonValue.from("gemini:" + gemini.issued().get(0)));
        String callId = message.toolCalls().orElseThrow().get(0).asFunction().id();
        ChatCompletionToolMessageParam result = ChatCompletionToolMessageParam.builder().toolCallId(callId)
                .content("18 °C").build();
        sdk.chat().completions().create(weatherParams(model)
                .addMessage(message.toParam().toBuilder().putAdditionalProperty("reasoning_signature", signature)
                        .build())
                .addMessage(result).build());
        assertThat(replayedCallSignature()).isEqualTo(gemini.issued().get(0));

        // a client that does not keep the extension gets Google's sentinel for it, which Gemini 3 accepts
        ChatCompletion second = sdk.chat().completions().create(weatherParams(model)
                .addMessage(message.toParam()).addMessage(result).build());
        assertThat(second.choices().get(0).message().content()).contains("It is 18 °C in Paris.");
        assertThat(replayedCallSignature()).isEqualTo(StrictGemini.SKIP_VALIDATOR);
    }

    private String replayedCallSignature() {
        return gemini.lastBody().getJsonArray("contents").getJsonObject(1).getJsonArray("parts").getJsonObject(0)
                .getString("thoughtSignature");
    }

    @Test
    void shouldStreamAToolCallWithItsIdAndNameOnTheFirstDeltaAndArgumentsThatJoinToJson() {
        stream(event(response(candidate(new JsonArray().add(text("Let me check.")), null),
                new JsonObject().put("promptTokenCount", 30).put("totalTokenCount", 30)))
                + event(response(candidate(new JsonArray()
                        .add(functionCall("get_weather", new JsonObject().put("location", "Boston, MA")))
                        .add(functionCall("get_weather", new JsonObject().put("location", "Paris, France"))), "STOP"),
                        usage(30, 25, 0))));

        OpenAiSdk.Collected got = streamWithUsage(weatherParams(MODEL));

        assertThat(got.text()).isEqualTo("Let me check.");
        for (long index : new long[] {0, 1}) {
            var firstDelta = got.toolCalls.stream().filter(d -> d.index() == index).findFirst().orElseThrow();
            assertThat(firstDelta.id()).isPresent();
            assertThat(firstDelta.function().flatMap(f -> f.name())).hasValue("get_weather");
        }
        assertThat(got.toolCalls.get(0).id()).isNotEqualTo(got.toolCalls.get(1).id());
        assertThat(new JsonObject(got.arguments(0))).isEqualTo(new JsonObject().put("location", "Boston, MA"));
        assertThat(new JsonObject(got.arguments(1))).isEqualTo(new JsonObject().put("location", "Paris, France"));
        assertToolCallsFinishAndUsage(got, 55);
    }

    @Test
    void shouldNameEveryResultOfParallelFunctionCallsAndAcceptAPlainTextResult() {
        gemini.answer((req, body) -> {
            JsonArray contents = new JsonObject(body).getJsonArray("contents");
            JsonObject answer = contents.size() == 1
                    ? response(candidate(new JsonArray()
                            .add(functionCall("get_weather", new JsonObject().put("location", "Paris")))
                            .add(functionCall("get_weather", new JsonObject().put("location", "Bogotá"))), "STOP"),
                            usage(60, 30, 0))
                    : response(candidate(new JsonArray().add(text("Paris 18 °C, Bogotá 14 °C.")), "STOP"),
                            usage(90, 10, 0));
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });
        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());
        var calls = first.choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).hasSize(2);
        String paris = calls.get(0).asFunction().id();
        String bogota = calls.get(1).asFunction().id();
        assertThat(paris).isNotEqualTo(bogota);

        ChatCompletion second = answerParisAndBogota(MODEL, first, paris, bogota);

        assertThat(second.choices().get(0).message().content()).hasValue("Paris 18 °C, Bogotá 14 °C.");
        JsonArray contents = gemini.lastBody().getJsonArray("contents");
        assertThat(contents).hasSize(3);
        JsonArray parts = contents.getJsonObject(2).getJsonArray("parts");
        assertThat(parts.getJsonObject(0).getJsonObject("functionResponse").getString("name"))
                .isEqualTo("get_weather");
        assertThat(parts.getJsonObject(1).getJsonObject("functionResponse").getString("name"))
                .isEqualTo("get_weather");
        assertThat(parts.getJsonObject(2).getString("text")).isEqualTo("Answer in one line.");
    }

    @Test
    void shouldPassTheProvidersRefusalToTheClientInOpenAiFormat() {
        gemini.answer((req, body) -> req.response().setStatusCode(400).putHeader("Content-Type",
                "application/json").end(new JsonObject().put("error", new JsonObject().put("code", 400)
                        .put("message", "The input token count exceeds the maximum number of tokens allowed")
                        .put("status", "INVALID_ARGUMENT")).encode()));

        assertRefusedWith(MODEL, "input token count exceeds");
    }

    @Test
    void shouldTranslateTheSeedsMixedRequest() {
        ChatCompletion completion = sdk.chat().completions().create(seedsMixedRequest(MODEL));

        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from Gemini");
        JsonObject sent = gemini.lastBody();
        assertThat(sent.getJsonObject("generationConfig").getInteger("maxOutputTokens")).isEqualTo(50);
        assertThat(sent.getJsonObject("systemInstruction").getJsonArray("parts").stream()
                .map(p -> ((JsonObject) p).getString("text")))
                .containsExactly("You are terse.", "Answer in French.");
    }

    @Test
    void shouldEndAStreamThatGeminiBreaksOffWithAnErrorTheSdkRaises() {
        stream(event(response(candidate(new JsonArray().add(text("Partial")), null), null))
                + event(new JsonObject().put("error", new JsonObject().put("code", 503)
                        .put("message", "The model is overloaded. Please try again later.")
                        .put("status", "UNAVAILABLE"))));

        assertStreamBrokenOff(MODEL, "overloaded", "Partial");
    }

    // ---------------------------------------------------------------- the fake bites

    private HttpResponse<String> direct(String path, String body, String... headers) throws Exception {
        return postDirect(gemini.port(), path, body, headers);
    }

    @Test
    void shouldHaveAFakeThatRefusesAModelFieldAndAnAssistantRole() throws Exception {
        String path = "/v1beta/models/" + MODEL + ":generateContent";
        String valid = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        assertThat(direct(path, valid, "x-goog-api-key", GEMINI_KEY).statusCode()).isEqualTo(200);

        HttpResponse<String> withModel = direct(path, "{\"model\":\"" + MODEL + "\",\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"text\":\"hi\"}]}]}", "x-goog-api-key", GEMINI_KEY);
        assertThat(withModel.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(withModel.body()).getJsonObject("error");
        assertThat(error.getInteger("code")).isEqualTo(400);
        assertThat(error.getString("status")).isEqualTo("INVALID_ARGUMENT");
        assertThat(error.getString("message")).contains("Unknown name \"model\"");

        assertThat(direct(path, "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]},{\"role\":"
                + "\"assistant\",\"parts\":[{\"text\":\"yo\"}]}]}", "x-goog-api-key", GEMINI_KEY).statusCode())
                .isEqualTo(400);
    }

    @Test
    void shouldHaveAFakeThatRefusesAFunctionResponseNamedOtherThanTheCall() throws Exception {
        HttpResponse<String> r = direct("/v1beta/models/" + MODEL + ":generateContent", "{\"contents\":["
                + "{\"role\":\"user\",\"parts\":[{\"text\":\"weather?\"}]},"
                + "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\",\"args\":{}}}]},"
                + "{\"role\":\"user\",\"parts\":[{\"functionResponse\":{\"name\":\"get_time\",\"response\":{}}}]}],"
                + "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_weather\"}]}]}",
                "x-goog-api-key", GEMINI_KEY);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("function response parts");
    }

    @Test
    void shouldHaveAFakeThatRefusesAWrongKeyAndAStreamWithoutAltSse() throws Exception {
        String valid = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}";
        HttpResponse<String> wrongKey = direct("/v1beta/models/" + MODEL + ":generateContent", valid,
                "x-goog-api-key", "AIza-wrong");
        assertThat(wrongKey.statusCode()).isEqualTo(400);
        assertThat(wrongKey.body()).contains("API_KEY_INVALID");
        assertThat(direct("/v1beta/models/" + MODEL + ":streamGenerateContent", valid, "x-goog-api-key",
                GEMINI_KEY).statusCode()).isEqualTo(400);
    }
}
