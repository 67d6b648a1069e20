package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.StrictBedrock.converse;
import static io.aigateway.proxy.support.StrictBedrock.reasoning;
import static io.aigateway.proxy.support.StrictBedrock.text;
import static io.aigateway.proxy.support.StrictBedrock.toolUse;
import static io.aigateway.proxy.support.StrictBedrock.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.auth.SigV4Signer;
import io.aigateway.proxy.provider.bedrock.EventStreamFrames;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.StrictBedrock;
import io.aigateway.proxy.support.StrictGemini;
import io.aigateway.proxy.support.StrictOpenAi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The official Anthropic Java SDK asking for extended thinking through the proxy to targets that reason natively,
 * each a strict fake that refuses what the provider refuses: the reasoning comes back as {@link ThinkingBlock}s
 * with their signatures, whole and streamed, and goes back to the provider in a tool round trip.
 */
class ExtendedThinkingIT extends SdkThroughProxy {

    private static final SigV4Signer.AwsKey KEY = new SigV4Signer.AwsKey("eu-west-1", "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", null);
    private static final String CLAUDE = "anthropic.claude-sonnet-4-20250514-v1:0";
    private static final String GEMINI_KEY = "gemini-upstream-key";
    private static final String GEMINI = "gemini-2.5-flash";
    private static final String GEMINI_3 = "gemini-3-pro-preview";
    private static final String ANTHROPIC_KEY = "sk-ant-upstream-key";

    private StrictBedrock bedrock;
    private StrictGemini gemini;
    private StrictAnthropic claude;
    private StrictOpenAi openai;
    private AnthropicClient anthropic;

    private void startBedrock() throws Exception {
        bedrock = StrictBedrock.start(vertx, KEY);
        start(new Target("bedrock", Provider.BEDROCK,
                new Endpoint("http", "127.0.0.1", bedrock.port(), ""), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), new Credentials(null, null, new Credentials.AwsCredentials(KEY.region(), "u.aws.id",
                        "u.aws.secret", null), null), null, null),
                Map.of("u.aws.id", KEY.accessKeyId(), "u.aws.secret", KEY.secretAccessKey()));
        anthropic = AnthropicSdk.client(h.proxy.port());
    }

    private void startGemini() throws Exception {
        gemini = StrictGemini.start(vertx, GEMINI_KEY);
        start(geminiTarget(1), Map.of("u.gemini.apiKey", GEMINI_KEY));
        anthropic = AnthropicSdk.client(h.proxy.port());
    }

    private Target geminiTarget(int priority) {
        return new Target("gemini", Provider.GEMINI, new Endpoint("http", "127.0.0.1", gemini.port(), "/v1beta"), null,
                1, priority, List.of(), null, Map.of(), Map.of(), new Credentials("u.gemini.apiKey", null, null, null),
                null, null);
    }

    /** An upstream of Gemini (priority 1) and Claude on Anthropic's API (priority 2). */
    private void startGeminiThenClaude() throws Exception {
        gemini = StrictGemini.start(vertx, GEMINI_KEY);
        claude = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
        startUpstream(Map.of("u.gemini.apiKey", GEMINI_KEY, "u.claude.apiKey", ANTHROPIC_KEY), geminiTarget(1),
                new Target("claude", Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", claude.port(), "/v1"),
                        null, 1, 2, List.of(), null, Map.of(), Map.of(),
                        new Credentials("u.claude.apiKey", null, null, null), null, null));
        anthropic = AnthropicSdk.client(h.proxy.port());
    }

    private void startOpenAi(Provider provider) throws Exception {
        openai = StrictOpenAi.start(vertx, "openai", false);
        start(new Target("oai", provider, new Endpoint("http", "127.0.0.1", openai.port(), "/v1"), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null), Map.of());
        anthropic = AnthropicSdk.client(h.proxy.port());
    }

    @AfterEach
    void closeClient() {
        if (anthropic != null) {
            anthropic.close();
        }
    }

    private static MessageCreateParams.Builder thinkingParams(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(2048).enabledThinking(1024)
                .addUserMessage("What is 27 * 453?");
    }

    private static byte[] frame(String eventType, JsonObject payload) {
        return EventStreamFrames.event(eventType, payload.encode());
    }

    private static byte[] delta(int index, JsonObject delta) {
        return frame("contentBlockDelta", new JsonObject().put("contentBlockIndex", index).put("delta", delta));
    }

    /** The content blocks' types, thinking and text deltas, and the accumulated message of a streamed request. */
    private static final class Streamed {
        final List<String> deltas = new ArrayList<>();
        Message message;
    }

    private Streamed stream(MessageCreateParams params) {
        Streamed got = new Streamed();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(params)) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.contentBlockDelta().ifPresent(d -> got.deltas.add(d.delta().isThinking() ? "thinking"
                        : d.delta().isSignature() ? "signature" : d.delta().isText() ? "text" : "other"));
            });
        }
        got.message = accumulator.message();
        return got;
    }

    @Test
    void shouldMapThinkingToClaudeOnBedrockAndReturnTheReasoningAsAThinkingBlock() throws Exception {
        startBedrock();
        bedrock.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(converse(new JsonArray().add(reasoning("27 * 453 = 12231.", "sig-EqQB"))
                        .add(text("12,231")), "end_turn", usage(20, 40, 0)).encode()));

        Message message = anthropic.messages().create(thinkingParams(CLAUDE).build());

        ThinkingBlock thinking = message.content().get(0).asThinking();
        assertThat(thinking.thinking()).isEqualTo("27 * 453 = 12231.");
        assertThat(thinking.signature()).isEqualTo("sig-EqQB");
        assertThat(message.content().get(1).asText().text()).isEqualTo("12,231");
        assertThat(bedrock.lastBody().getJsonObject("additionalModelRequestFields"))
                .isEqualTo(new JsonObject().put("thinking", new JsonObject().put("type", "enabled")
                        .put("budget_tokens", 1024)));
    }

    @Test
    void shouldStreamClaudeOnBedrockReasoningAsThinkingAndSignatureDeltas() throws Exception {
        startBedrock();
        List<byte[]> frames = List.of(frame("messageStart", new JsonObject().put("role", "assistant")),
                delta(0, new JsonObject().put("reasoningContent", new JsonObject().put("text", "27 * 453 "))),
                delta(0, new JsonObject().put("reasoningContent", new JsonObject().put("text", "= 12231."))),
                delta(0, new JsonObject().put("reasoningContent", new JsonObject().put("signature", "sig-EqQB"))),
                frame("contentBlockStop", new JsonObject().put("contentBlockIndex", 0)),
                delta(1, new JsonObject().put("text", "12,231")),
                frame("contentBlockStop", new JsonObject().put("contentBlockIndex", 1)),
                frame("messageStop", new JsonObject().put("stopReason", "end_turn")),
                frame("metadata", new JsonObject().put("usage", usage(20, 40, 0))
                        .put("metrics", new JsonObject().put("latencyMs", 900))));
        bedrock.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "application/vnd.amazon.eventstream",
                EventStreamFrames.concat(frames), 17));

        Streamed got = stream(thinkingParams(CLAUDE).build());

        assertThat(got.deltas).containsExactly("thinking", "thinking", "signature", "text");
        ThinkingBlock thinking = got.message.content().get(0).asThinking();
        assertThat(thinking.thinking()).isEqualTo("27 * 453 = 12231.");
        assertThat(thinking.signature()).isEqualTo("sig-EqQB");
        assertThat(got.message.content().get(1).asText().text()).isEqualTo("12,231");
        assertThat(got.message.stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void shouldSendClaudeOnBedrockItsSignedReasoningBackInAToolRoundTrip() throws Exception {
        startBedrock();
        bedrock.answer((req, body) -> {
            JsonArray messages = new JsonObject(body).getJsonArray("messages");
            boolean result = messages.size() > 1;
            JsonArray content = result ? new JsonArray().add(text("It is 18°C in Paris."))
                    : new JsonArray().add(reasoning("I need the weather tool.", "sig-tool"))
                            .add(toolUse("tooluse_1", "get_weather", new JsonObject().put("location", "Paris")));
            req.response().putHeader("Content-Type", "application/json")
                    .end(converse(content, result ? "end_turn" : "tool_use", usage(50, 20, 0)).encode());
        });
        MessageCreateParams first = weatherQuestion(CLAUDE).enabledThinking(1024).build();

        Message call = anthropic.messages().create(first);
        assertThat(call.content().get(0).asThinking().signature()).isEqualTo("sig-tool");
        Message answer = anthropic.messages().create(withToolResult(first, call, "tooluse_1"));

        assertThat(answer.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
        JsonObject assistant = bedrock.lastBody().getJsonArray("messages").getJsonObject(1);
        assertThat(assistant.getJsonArray("content").getJsonObject(0)).isEqualTo(reasoning("I need the weather tool.",
                "sig-tool"));
    }

    private static MessageCreateParams.Builder weatherQuestion(String model) {
        Tool tool = Tool.builder().name("get_weather").description("Weather in a city")
                .inputSchema(Tool.InputSchema.builder().properties(Tool.InputSchema.Properties.builder()
                        .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string"))).build())
                        .build())
                .build();
        return MessageCreateParams.builder().model(model).maxTokens(2048).addTool(tool)
                .addUserMessage("Weather in Paris?");
    }

    /** {@code first}, the assistant's {@code call} as the SDK sends it back, and 18°C as the result of the call. */
    private static MessageCreateParams withToolResult(MessageCreateParams first, Message call, String toolUseId) {
        return first.toBuilder().addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam
                        .builder().toolUseId(toolUseId).content("18°C").build())))
                .build();
    }

    /** The first call of the model content of the Gemini request's tool round trip. */
    private JsonObject replayedCall() {
        return gemini.lastBody().getJsonArray("contents").getJsonObject(1).getJsonArray("parts").stream()
                .map(JsonObject.class::cast).filter(p -> p.containsKey("functionCall")).findFirst().orElseThrow();
    }

    @Test
    void shouldSendGeminiThreeTheSignatureOfItsCallBackWhenTheClientSendsTheThinkingBlockBack() throws Exception {
        startGemini();
        gemini.answer((req, body) -> {
            boolean result = new JsonObject(body).getJsonArray("contents").size() > 1;
            JsonArray parts = result ? new JsonArray().add(StrictGemini.text("It is 18°C in Paris."))
                    : new JsonArray().add(StrictGemini.text("Let me look.")).add(gemini.signed(
                            StrictGemini.functionCall("get_weather", new JsonObject().put("location", "Paris"))));
            req.response().putHeader("Content-Type", "application/json").end(StrictGemini.response(
                    StrictGemini.candidate(parts, "STOP"), StrictGemini.usage(50, 20, 0)).encode());
        });
        // no thinking asked: Gemini 3 signs its calls all the same, and shows no thoughts
        MessageCreateParams first = weatherQuestion(GEMINI_3).build();

        Message call = anthropic.messages().create(first);
        ThinkingBlock signed = call.content().get(0).asThinking();
        assertThat(signed.thinking()).isEmpty();
        assertThat(signed.signature()).isEqualTo("gemini:" + gemini.issued().get(0));
        Message answer = anthropic.messages().create(withToolResult(first, call,
                call.content().get(2).asToolUse().id()));

        assertThat(answer.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
        assertThat(replayedCall().getString("thoughtSignature")).isEqualTo(gemini.issued().get(0));
    }

    @Test
    void shouldStreamGeminiThreesSignatureAsASignatureDeltaAndSendItBackWithTheCall() throws Exception {
        startGemini();
        gemini.answer((req, body) -> {
            boolean result = new JsonObject(body).getJsonArray("contents").size() > 1;
            String transcript = result
                    ? StrictGemini.event(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                            .add(StrictGemini.text("It is 18°C in Paris.")), "STOP"), StrictGemini.usage(50, 9, 0)))
                    : StrictGemini.event(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                            .add(StrictGemini.thought("I need the weather tool.")), null), null))
                    + StrictGemini.event(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                            .add(gemini.signed(StrictGemini.functionCall("get_weather",
                                    new JsonObject().put("location", "Paris")))), "STOP"),
                            StrictGemini.usage(50, 20, 0)));
            OpenAiSdk.writeSplit(req.response(), "text/event-stream", transcript.getBytes(StandardCharsets.UTF_8),
                    23);
        });
        MessageCreateParams first = weatherQuestion(GEMINI_3).enabledThinking(1024).build();

        Streamed call = stream(first);
        assertThat(call.deltas).containsExactly("thinking", "signature", "other");
        ThinkingBlock thinking = call.message.content().get(0).asThinking();
        assertThat(thinking.thinking()).isEqualTo("I need the weather tool.");
        assertThat(thinking.signature()).isEqualTo("gemini:" + gemini.issued().get(0));
        Streamed answer = stream(withToolResult(first, call.message, call.message.content().get(1).asToolUse().id()));

        assertThat(answer.message.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
        assertThat(replayedCall().getString("thoughtSignature")).isEqualTo(gemini.issued().get(0));
    }

    @Test
    void shouldLeaveGeminisSignedThinkingOutWhenFailoverSendsTheRoundTripToClaude() throws Exception {
        startGeminiThenClaude();
        AtomicBoolean geminiDown = new AtomicBoolean();
        gemini.answer((req, body) -> {
            if (geminiDown.get()) {
                req.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", new JsonObject().put("code", 503)
                                .put("message", "The model is overloaded.").put("status", "UNAVAILABLE")).encode());
                return;
            }
            req.response().putHeader("Content-Type", "application/json").end(StrictGemini.response(
                    StrictGemini.candidate(new JsonArray().add(gemini.signed(StrictGemini.functionCall("get_weather",
                            new JsonObject().put("location", "Paris")))), "STOP"), StrictGemini.usage(50, 20, 0))
                    .encode());
        });
        claude.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(StrictAnthropic.message("msg_claude", "It is 18°C in Paris.", "end_turn",
                        StrictAnthropic.usage(60, 10, 0)).encode()));
        MessageCreateParams first = weatherQuestion(GEMINI_3).build();

        Message call = anthropic.messages().create(first);
        assertThat(call.content().get(0).asThinking().signature()).isEqualTo("gemini:" + gemini.issued().get(0));
        geminiDown.set(true);
        Message answer = anthropic.messages().create(withToolResult(first, call,
                call.content().get(1).asToolUse().id()));

        assertThat(answer.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
        JsonArray replayed = claude.lastBody().getJsonArray("messages").getJsonObject(1).getJsonArray("content");
        assertThat(replayed.stream().map(b -> ((JsonObject) b).getString("type"))).containsExactly("tool_use");
    }

    @Test
    void shouldMapThinkingToGeminisThinkingConfigAndReturnItsThoughtsAsAThinkingBlock() throws Exception {
        startGemini();
        gemini.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                        .add(StrictGemini.thought("Multiplying 27 by 453.")).add(StrictGemini.text("12,231")),
                        "STOP"), StrictGemini.usage(10, 30, 0)).encode()));

        Message message = anthropic.messages().create(thinkingParams(GEMINI).build());

        assertThat(message.content().get(0).asThinking().thinking()).isEqualTo("Multiplying 27 by 453.");
        assertThat(message.content().get(1).asText().text()).isEqualTo("12,231");
        assertThat(gemini.lastBody().getJsonObject("generationConfig").getJsonObject("thinkingConfig"))
                .isEqualTo(new JsonObject().put("thinkingBudget", 1024).put("includeThoughts", true));
    }

    @Test
    void shouldStreamGeminisThoughtsAsThinkingDeltas() throws Exception {
        startGemini();
        String transcript = StrictGemini.event(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                        .add(StrictGemini.thought("Multiplying ")), null), null))
                + StrictGemini.event(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                        .add(StrictGemini.thought("27 by 453.")), null), null))
                + StrictGemini.event(StrictGemini.response(StrictGemini.candidate(new JsonArray()
                        .add(StrictGemini.text("12,231")), "STOP"), StrictGemini.usage(10, 30, 0)));
        gemini.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "text/event-stream",
                transcript.getBytes(StandardCharsets.UTF_8), 23));

        Streamed got = stream(thinkingParams(GEMINI).build());

        assertThat(got.deltas).containsExactly("thinking", "thinking", "text");
        assertThat(got.message.content().get(0).asThinking().thinking()).isEqualTo("Multiplying 27 by 453.");
        assertThat(got.message.content().get(1).asText().text()).isEqualTo("12,231");
    }

    @Test
    void shouldAnswerAThinkingBudgetOutsideGeminisRangeWithGeminisRefusal() throws Exception {
        startGemini();

        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model(GEMINI)
                .maxTokens(40000).enabledThinking(30000).addUserMessage("Hi").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("The thinking budget 30000 is invalid");
    }

    @Test
    void shouldGiveAnOpenAiReasoningModelTheEffortTheBudgetMapsTo() throws Exception {
        startOpenAi(Provider.OPENAI);

        Message message = anthropic.messages().create(MessageCreateParams.builder().model("o4-mini").maxTokens(9000)
                .enabledThinking(8000).addUserMessage("What is 27 * 453?").build());

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isEqualTo("openai");
        JsonObject sent = openai.lastBody();
        assertThat(sent.getString("reasoning_effort")).isEqualTo("medium");
        assertThat(sent.getInteger("max_completion_tokens")).isEqualTo(9000);
    }

    @Test
    void shouldDropThinkingForAnOpenAiModelWithoutReasoning() throws Exception {
        startOpenAi(Provider.OPENAI);

        Message message = anthropic.messages().create(thinkingParams("gpt-4o").build());

        assertThat(message.content().get(0).asText().text()).isEqualTo("openai");
        assertThat(openai.lastBody().containsKey("reasoning_effort")).isFalse();
    }

    @Test
    void shouldReturnTheReasoningContentOfAnOpenAiCompatibleServerAsThinking() throws Exception {
        startOpenAi(Provider.OPENAI_COMPATIBLE);
        openai.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("id", "chatcmpl-r").put("object", "chat.completion")
                        .put("created", 1700000000).put("model", "deepseek-reasoner")
                        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
                                .put("message", new JsonObject().put("role", "assistant").put("content", "12,231")
                                        .put("reasoning_content", "27 * 453 = 12231."))
                                .put("finish_reason", "stop")))
                        .put("usage", new JsonObject().put("prompt_tokens", 10).put("completion_tokens", 20)
                                .put("total_tokens", 30)).encode()));

        Message message = anthropic.messages().create(thinkingParams("deepseek-reasoner").build());

        assertThat(message.content().get(0).asThinking().thinking()).isEqualTo("27 * 453 = 12231.");
        assertThat(message.content().get(1).asText().text()).isEqualTo("12,231");
        assertThat(openai.lastBody().getString("reasoning_effort")).isEqualTo("low");
    }

    @Test
    void shouldStreamTheReasoningContentOfAnOpenAiCompatibleServerAsThinkingDeltas() throws Exception {
        startOpenAi(Provider.OPENAI_COMPATIBLE);
        openai.answer((req, body) -> {
            StringBuilder t = new StringBuilder();
            for (JsonObject delta : List.of(new JsonObject().put("role", "assistant").put("content", ""),
                    new JsonObject().put("reasoning_content", "27 * 453 "),
                    new JsonObject().put("reasoning_content", "= 12231."), new JsonObject().put("content", "12,231"))) {
                t.append(chunk(delta, null));
            }
            t.append(chunk(new JsonObject(), "stop")).append("data: [DONE]\n\n");
            OpenAiSdk.writeSplit(req.response(), "text/event-stream", t.toString().getBytes(StandardCharsets.UTF_8),
                    29);
        });

        Streamed got = stream(thinkingParams("deepseek-reasoner").build());

        assertThat(got.deltas).containsExactly("thinking", "thinking", "text");
        assertThat(got.message.content().get(0).asThinking().thinking()).isEqualTo("27 * 453 = 12231.");
        assertThat(got.message.content().get(1).asText().text()).isEqualTo("12,231");
    }

    private static String chunk(JsonObject delta, String finishReason) {
        return "data: " + new JsonObject().put("id", "chatcmpl-r").put("object", "chat.completion.chunk")
                .put("created", 1700000000).put("model", "deepseek-reasoner")
                .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
                        .put("finish_reason", finishReason))).encode() + "\n\n";
    }
}
