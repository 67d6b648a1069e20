package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.OpenAiSdk.collect;
import static io.aigateway.proxy.support.OpenAiSdk.weatherParams;
import static io.aigateway.proxy.support.StrictAnthropic.event;
import static io.aigateway.proxy.support.StrictAnthropic.message;
import static io.aigateway.proxy.support.StrictAnthropic.toolUse;
import static io.aigateway.proxy.support.StrictAnthropic.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictAnthropic;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK through the proxy to an {@code anthropic} target: a strict fake Messages API that
 * refuses, as Anthropic does, requests that break its rules.
 */
class AnthropicTargetIT extends SdkThroughProxy {

    private static final String ANTHROPIC_KEY = "sk-ant-upstream-key";
    private static final String MODEL = "claude-sonnet-4-5";

    private StrictAnthropic anthropic;

    @BeforeEach
    void setUp() throws Exception {
        anthropic = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
        start(new Target("claude", Provider.ANTHROPIC,
                new Endpoint("http", "127.0.0.1", anthropic.port(), "/v1"), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), new Credentials("u.claude.apiKey", null, null, null), null, null),
                Map.of("u.claude.apiKey", ANTHROPIC_KEY));
    }

    private void stream(String transcript) {
        anthropic.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "text/event-stream",
                transcript.getBytes(StandardCharsets.UTF_8), 29));
    }

    private static String messageStart(JsonObject usage) {
        return event(new JsonObject().put("type", "message_start").put("message",
                message("msg_stream", new JsonArray(), null, usage)));
    }

    private static String textBlock(int index, List<String> pieces) {
        StringBuilder t = new StringBuilder(event(new JsonObject().put("type", "content_block_start")
                .put("index", index).put("content_block", new JsonObject().put("type", "text").put("text", ""))));
        t.append(event(new JsonObject().put("type", "ping")));
        for (String piece : pieces) {
            t.append(event(new JsonObject().put("type", "content_block_delta").put("index", index)
                    .put("delta", new JsonObject().put("type", "text_delta").put("text", piece))));
        }
        return t.append(event(new JsonObject().put("type", "content_block_stop").put("index", index))).toString();
    }

    private static String messageEnd(String stopReason, long outputTokens) {
        return event(new JsonObject().put("type", "message_delta")
                .put("delta", new JsonObject().put("stop_reason", stopReason).putNull("stop_sequence"))
                .put("usage", new JsonObject().put("output_tokens", outputTokens)))
                + event(new JsonObject().put("type", "message_stop"));
    }

    @Test
    void shouldAnswerAPlainCompletionWithTheUsageIncludingCachedTokens() {
        anthropic.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(message("msg_01XFDUDYJgAACzvnptvVoYEL", "Hello! How can I help?", "end_turn",
                        usage(12, 9, 30)).encode()));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("Be brief.").addUserMessage("Hello").build());

        assertPlainCompletion(completion, "Hello! How can I help?", 42, 9, 51, 30);
        JsonObject sent = anthropic.lastBody();
        assertThat(sent.getString("model")).isEqualTo(MODEL);
        assertThat(sent.getString("system")).isEqualTo("Be brief.");
        assertThat(sent.getInteger("max_tokens")).isPositive();
        assertThat(anthropic.received()).hasSize(1);
    }

    @Test
    void shouldStreamTheTextDeltasInOrderAndAFinalUsageChunk() {
        stream(messageStart(usage(25, 1, 7)) + textBlock(0, List.of("Héllo", ", wörld", " 🌍", "!"))
                + messageEnd("end_turn", 15));

        OpenAiSdk.Collected got = streamHello(MODEL);

        assertStreamedHello(got, 32, 15, 47, 7);
        JsonObject sent = anthropic.lastBody();
        assertThat(sent.getBoolean("stream")).isTrue();
        assertThat(sent.containsKey("stream_options")).isFalse();
    }

    @Test
    void shouldStreamWithoutAUsageChunkWhenTheClientDidNotAskForIt() {
        stream(messageStart(usage(25, 1, 0)) + textBlock(0, List.of("Hi")) + messageEnd("end_turn", 2));

        OpenAiSdk.Collected got = streamHelloWithoutUsage(MODEL);

        assertThat(got.text()).isEqualTo("Hi");
        assertThat(got.usages).isEmpty();
    }

    @Test
    void shouldCallAToolAndSendItsResultBackPairedWithTheToolUseId() {
        anthropic.answer((req, body) -> {
            JsonArray messages = new JsonObject(body).getJsonArray("messages");
            JsonObject last = messages.getJsonObject(messages.size() - 1);
            Object content = last.getValue("content");
            JsonObject answer;
            if (content instanceof JsonArray blocks
                    && "tool_result".equals(blocks.getJsonObject(0).getString("type"))) {
                Object result = blocks.getJsonObject(0).getValue("content");
                String text = result instanceof JsonArray parts ? parts.getJsonObject(0).getString("text")
                        : String.valueOf(result);
                answer = message("msg_2", "It is " + text + " in Paris.", "end_turn", usage(80, 12, 0));
            } else {
                answer = message("msg_1", new JsonArray()
                        .add(new JsonObject().put("type", "text").put("text", "Let me check."))
                        .add(toolUse("toolu_01A09q90qw90lq917835lq9", "get_weather",
                                new JsonObject().put("location", "Paris, France"))), "tool_use", usage(60, 30, 0));
            }
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });

        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());

        ChatCompletionMessageFunctionToolCall call = assertToolCalled(first, "get_weather",
                new JsonObject().put("location", "Paris, France"));
        assertThat(first.choices().get(0).message().content()).hasValue("Let me check.");
        assertThat(call.id()).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        JsonObject tool = anthropic.lastBody().getJsonArray("tools").getJsonObject(0);
        assertThat(tool.getString("name")).isEqualTo("get_weather");
        assertThat(tool.getJsonObject("input_schema").getJsonArray("required")).containsExactly("location");

        ChatCompletion second = answerTool(MODEL, first, call.id(), "18 °C");

        assertThat(second.choices().get(0).message().content()).hasValue("It is 18 °C in Paris.");
        JsonArray messages = anthropic.lastBody().getJsonArray("messages");
        assertThat(messages).hasSize(3);
        JsonObject toolUse = messages.getJsonObject(1).getJsonArray("content").getJsonObject(1);
        assertThat(toolUse.getString("id")).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        JsonObject toolResult = messages.getJsonObject(2).getJsonArray("content").getJsonObject(0);
        assertThat(toolResult.getString("tool_use_id")).isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(anthropic.received()).hasSize(2);
    }

    @Test
    void shouldStreamAToolCallWithItsIdAndNameOnTheFirstDeltaAndArgumentsThatJoinToJson() {
        StringBuilder t = new StringBuilder(messageStart(usage(472, 2, 0)));
        t.append(textBlock(0, List.of("Okay, checking.")));
        t.append(event(new JsonObject().put("type", "content_block_start").put("index", 1).put("content_block",
                toolUse("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", new JsonObject()))));
        for (String piece : List.of("", "{\"location\":", " \"San", " Francisc", "o, CA\"", "}")) {
            t.append(event(new JsonObject().put("type", "content_block_delta").put("index", 1)
                    .put("delta", new JsonObject().put("type", "input_json_delta").put("partial_json", piece))));
        }
        t.append(event(new JsonObject().put("type", "content_block_stop").put("index", 1)));
        t.append(messageEnd("tool_use", 89));
        stream(t.toString());

        OpenAiSdk.Collected got = streamWithUsage(weatherParams(MODEL));

        assertThat(got.text()).isEqualTo("Okay, checking.");
        assertStreamedToolCall(got, "toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather",
                new JsonObject().put("location", "San Francisco, CA"));
        assertThat(got.finishes).containsExactly("tool_calls");
        assertThat(got.usages).hasSize(1);
        assertThat(got.usages.get(0).completionTokens()).isEqualTo(89);
    }

    @Test
    void shouldPairEveryResultOfParallelToolCallsAndAFollowingUserMessageInOneTurn() {
        anthropic.answer((req, body) -> {
            JsonArray messages = new JsonObject(body).getJsonArray("messages");
            JsonObject answer = messages.size() == 1
                    ? message("msg_1", new JsonArray()
                            .add(toolUse("toolu_paris", "get_weather", new JsonObject().put("location", "Paris")))
                            .add(toolUse("toolu_bogota", "get_weather", new JsonObject().put("location", "Bogotá"))),
                            "tool_use", usage(60, 30, 0))
                    : message("msg_2", "Paris 18 °C, Bogotá 14 °C.", "end_turn", usage(90, 10, 0));
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });
        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());
        var calls = first.choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).extracting(c -> c.asFunction().id()).containsExactly("toolu_paris", "toolu_bogota");

        ChatCompletion second = answerParisAndBogota(MODEL, first, "toolu_paris", "toolu_bogota");

        assertThat(second.choices().get(0).message().content()).hasValue("Paris 18 °C, Bogotá 14 °C.");
        JsonArray messages = anthropic.lastBody().getJsonArray("messages");
        assertThat(messages).hasSize(3);
        JsonArray results = messages.getJsonObject(2).getJsonArray("content");
        assertThat(results.getJsonObject(0).getString("tool_use_id")).isEqualTo("toolu_paris");
        assertThat(results.getJsonObject(1).getString("tool_use_id")).isEqualTo("toolu_bogota");
        assertThat(results.getJsonObject(2).getString("text")).isEqualTo("Answer in one line.");
    }

    @Test
    void shouldPassTheProvidersRefusalToTheClientInOpenAiFormat() {
        anthropic.answer((req, body) -> req.response().setStatusCode(400).putHeader("Content-Type",
                "application/json").end(new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", "invalid_request_error").put("message", "prompt is too long: 210000 tokens > "
                                + "200000 maximum")).encode()));

        assertRefusedWith(MODEL, "prompt is too long");
    }

    @Test
    void shouldTranslateTheSeedsMixedRequest() {
        ChatCompletion completion = sdk.chat().completions().create(seedsMixedRequest(MODEL));

        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from Claude");
        JsonObject sent = anthropic.lastBody();
        assertThat(sent.getInteger("max_tokens")).isEqualTo(50);
        assertThat(sent.getJsonArray("system").stream().map(b -> ((JsonObject) b).getString("text")))
                .containsExactly("You are terse.", "Answer in French.");
    }

    @Test
    void shouldEndAStreamThatAnthropicBreaksOffWithAnErrorTheSdkRaises() {
        stream(messageStart(usage(25, 1, 0)) + textBlock(0, List.of("Partial")).replace(
                event(new JsonObject().put("type", "content_block_stop").put("index", 0)), "")
                + event(new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", "overloaded_error").put("message", "Overloaded"))));

        assertStreamBrokenOff(MODEL, "Overloaded", "Partial");
    }

    // ---------------------------------------------------------------- the fake bites

    private HttpResponse<String> direct(String body, String... headers) throws Exception {
        return postDirect(anthropic.port(), "/v1/messages", body, headers);
    }

    @Test
    void shouldHaveAFakeThatRefusesAnOpenAiShapedRequest() throws Exception {
        HttpResponse<String> r = direct("{\"model\":\"" + MODEL + "\",\"max_tokens\":10,\"n\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonObject error = new JsonObject(r.body());
        assertThat(error.getString("type")).isEqualTo("error");
        assertThat(error.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
        assertThat(error.getJsonObject("error").getString("message")).contains("n: Extra inputs");
    }

    @Test
    void shouldHaveAFakeThatRefusesAToolResultWithoutItsToolUse() throws Exception {
        HttpResponse<String> r = direct("{\"model\":\"" + MODEL + "\",\"max_tokens\":10,\"messages\":["
                + "{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_A\","
                + "\"name\":\"get_weather\",\"input\":{}}]},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_B\","
                + "\"content\":\"18\"}]}],"
                + "\"tools\":[{\"name\":\"get_weather\",\"input_schema\":{\"type\":\"object\"}}]}",
                "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("tool_use_id");
    }

    @Test
    void shouldHaveAFakeThatRefusesAMissingVersionOrABearerKey() throws Exception {
        String valid = "{\"model\":\"" + MODEL + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}";
        assertThat(direct(valid, "x-api-key", ANTHROPIC_KEY, "anthropic-version", "2023-06-01").statusCode())
                .isEqualTo(200);
        assertThat(direct(valid, "x-api-key", ANTHROPIC_KEY).statusCode()).isEqualTo(400);
        assertThat(direct(valid, "Authorization", "Bearer " + ANTHROPIC_KEY, "anthropic-version", "2023-06-01")
                .statusCode()).isEqualTo(401);
    }
}
