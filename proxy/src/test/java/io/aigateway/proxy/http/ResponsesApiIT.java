package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK speaking Chat Completions through the proxy to an {@code openai} target with
 * {@code providerOptions.api: responses}: a fake {@code POST /v1/responses} that answers 400, as OpenAI does, to
 * anything that is not a valid Responses request.
 */
class ResponsesApiIT extends SdkThroughProxy {

    private static final String OPENAI_KEY = "sk-upstream-openai";
    private static final Set<String> RESPONSES_FIELDS = Set.of("model", "input", "instructions", "max_output_tokens",
            "temperature", "top_p", "tools", "tool_choice", "parallel_tool_calls", "stream", "store", "metadata",
            "user", "safety_identifier", "prompt_cache_key", "service_tier", "reasoning", "text", "include",
            "previous_response_id", "truncation", "background", "max_tool_calls", "top_logprobs", "prompt",
            "conversation");

    private FakeUpstream openai;

    @BeforeEach
    void setUp() throws Exception {
        openai = FakeUpstream.start(vertx, "responses");
        Target target = new Target("oai-responses", Provider.OPENAI,
                new Endpoint("http", "127.0.0.1", openai.port(), "/v1"), null, 1, 1, List.of(), null, Map.of(),
                Map.of("api", "responses"), new Credentials("u.oai.apiKey", null, null, null), null, null);
        start(target, Map.of("u.oai.apiKey", OPENAI_KEY));
    }

    // ---------------------------------------------------------------- the fake's rules

    /** What is wrong with a request to {@code POST /v1/responses}, or null when it is a valid one. */
    private static String invalid(HttpServerRequest req, Buffer body) {
        if (!"POST".equals(req.method().name()) || !"/v1/responses".equals(req.path())) {
            return "Invalid URL (" + req.method() + " " + req.path() + ")";
        }
        if (!("Bearer " + OPENAI_KEY).equals(req.getHeader("Authorization"))) {
            return "Incorrect API key provided";
        }
        String type = req.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "Content-Type must be application/json";
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return "We could not parse the JSON body of your request.";
        }
        for (String field : json.fieldNames()) {
            if (!RESPONSES_FIELDS.contains(field)) {
                return "Unknown parameter: '" + field + "'.";
            }
        }
        if (!(json.getValue("model") instanceof String model) || model.isEmpty()) {
            return "Missing required parameter: 'model'.";
        }
        Object reasoning = json.getValue("reasoning");
        if (reasoning != null && !(reasoning instanceof JsonObject r
                && Set.of("effort", "summary").containsAll(r.fieldNames())
                && Set.of("minimal", "low", "medium", "high").contains(r.getString("effort", "medium"))
                && Set.of("auto", "concise", "detailed").contains(r.getString("summary", "auto")))) {
            return "Invalid value for 'reasoning': effort must be minimal, low, medium or high, summary auto, "
                    + "concise or detailed.";
        }
        Object input = json.getValue("input");
        if (input instanceof JsonArray items) {
            for (int i = 0; i < items.size(); i++) {
                String problem = invalidItem(items.getValue(i), "input[" + i + "]");
                if (problem != null) {
                    return problem;
                }
            }
        } else if (!(input instanceof String)) {
            return "Missing required parameter: 'input'.";
        }
        if (json.containsKey("instructions") && !(json.getValue("instructions") instanceof String)) {
            return "Invalid type for 'instructions'.";
        }
        if (json.containsKey("max_output_tokens") && json.getLong("max_output_tokens") < 16) {
            return "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16.";
        }
        JsonArray tools = json.getJsonArray("tools", new JsonArray());
        for (int i = 0; i < tools.size(); i++) {
            JsonObject tool = tools.getJsonObject(i);
            if (!"function".equals(tool.getString("type")) || !(tool.getValue("name") instanceof String)
                    || tool.containsKey("function")
                    || (tool.containsKey("parameters") && !(tool.getValue("parameters") instanceof JsonObject))) {
                return "Missing required parameter: 'tools[" + i + "].name'.";
            }
        }
        Object choice = json.getValue("tool_choice");
        if (choice != null && !(choice instanceof String s && Set.of("auto", "none", "required").contains(s))
                && !(choice instanceof JsonObject o && "function".equals(o.getString("type"))
                        && o.getValue("name") instanceof String)) {
            return "Invalid value for 'tool_choice'.";
        }
        if (json.containsKey("stream") && !(json.getValue("stream") instanceof Boolean)) {
            return "Invalid type for 'stream'.";
        }
        return null;
    }

    private static String invalidItem(Object value, String at) {
        if (!(value instanceof JsonObject item)) {
            return "Invalid type for '" + at + "'.";
        }
        String type = item.getString("type", "message");
        switch (type) {
            case "message" -> {
                if (!Set.of("user", "assistant", "system", "developer").contains(item.getString("role", ""))) {
                    return "Invalid value for '" + at + ".role'.";
                }
                Object content = item.getValue("content");
                if (content instanceof JsonArray parts) {
                    for (int k = 0; k < parts.size(); k++) {
                        JsonObject part = parts.getJsonObject(k);
                        String partType = part.getString("type", "");
                        boolean ok = switch (partType) {
                            case "input_text", "output_text" -> part.getValue("text") instanceof String;
                            case "input_image" -> part.getValue("image_url") instanceof String
                                    || part.getValue("file_id") instanceof String;
                            case "input_file" -> part.containsKey("file_data") || part.containsKey("file_id");
                            default -> false;
                        };
                        if (!ok) {
                            return "Invalid value for '" + at + ".content[" + k + "]'.";
                        }
                    }
                } else if (!(content instanceof String)) {
                    return "Missing required parameter: '" + at + ".content'.";
                }
            }
            case "function_call" -> {
                if (!(item.getValue("call_id") instanceof String) || !(item.getValue("name") instanceof String)
                        || !(item.getValue("arguments") instanceof String)) {
                    return "Missing required parameter: '" + at + ".call_id'.";
                }
            }
            case "function_call_output" -> {
                if (!(item.getValue("call_id") instanceof String) || !(item.getValue("output") instanceof String)) {
                    return "Missing required parameter: '" + at + ".output'.";
                }
            }
            default -> {
                return "Invalid value for '" + at + ".type'.";
            }
        }
        return null;
    }

    /** Answers as told, and with OpenAI's 400 to a request that is not a valid Responses request. */
    private void responsesAnswer(FakeUpstream.Behaviour answer) {
        openai.behave((req, body) -> {
            String problem = invalid(req, body);
            if (problem != null) {
                req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", new JsonObject().put("message", problem)
                                .put("type", "invalid_request_error").putNull("param").putNull("code")).encode());
                return;
            }
            answer.respond(req, body);
        });
    }

    private static JsonObject response(String status, JsonArray output) {
        return new JsonObject().put("id", "resp_67ccd2bed1ec8190b14f964abc054267").put("object", "response")
                .put("created_at", 1741476542L).put("status", status).put("model", "gpt-4.1-2025-04-14")
                .put("output", output).put("store", false)
                .put("usage", new JsonObject().put("input_tokens", 36).put("output_tokens", 87).put("total_tokens", 123)
                        .put("input_tokens_details", new JsonObject().put("cached_tokens", 24))
                        .put("output_tokens_details", new JsonObject().put("reasoning_tokens", 0)));
    }

    private static JsonObject message(String text) {
        return new JsonObject().put("type", "message").put("id", "msg_1").put("status", "completed")
                .put("role", "assistant").put("content", new JsonArray().add(new JsonObject()
                        .put("type", "output_text").put("text", text).put("annotations", new JsonArray())));
    }

    private static JsonObject functionCall(String callId, String arguments) {
        return new JsonObject().put("type", "function_call").put("id", "fc_" + callId).put("call_id", callId)
                .put("name", "get_weather").put("arguments", arguments).put("status", "completed");
    }

    private static JsonObject reasoningItem(String summary) {
        return new JsonObject().put("type", "reasoning").put("id", "rs_1").put("summary", new JsonArray()
                .add(new JsonObject().put("type", "summary_text").put("text", summary)));
    }

    private static String event(JsonObject data) {
        return "event: " + data.getString("type") + "\ndata: " + data.encode() + "\n\n";
    }

    /** A stream's first events: {@code response.created} and an empty message added as output 0. */
    private static StringBuilder messageStarted() {
        StringBuilder t = new StringBuilder();
        t.append(event(new JsonObject().put("type", "response.created").put("response",
                response("in_progress", new JsonArray()).putNull("usage"))));
        return t.append(event(new JsonObject().put("type", "response.output_item.added").put("output_index", 0)
                .put("item", message("").put("content", new JsonArray()))));
    }

    /** Writes a transcript in pieces that cut events, lines and UTF-8 sequences anywhere. */
    private static void writeSplit(HttpServerResponse resp, String transcript) {
        byte[] all = transcript.getBytes(StandardCharsets.UTF_8);
        resp.setChunked(true).putHeader("Content-Type", "text/event-stream");
        for (int at = 0; at < all.length; at += 37) {
            byte[] piece = new byte[Math.min(37, all.length - at)];
            System.arraycopy(all, at, piece, 0, piece.length);
            resp.write(Buffer.buffer(piece));
        }
        resp.end();
    }

    private static ChatCompletionCreateParams.Builder weatherParams() {
        return ChatCompletionCreateParams.builder().model("gpt-4.1")
                .addUserMessage("What is the weather like in Paris today?")
                .addFunctionTool(FunctionDefinition.builder().name("get_weather")
                        .description("Get current temperature for a given location.")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                        Map.of("type", "string"))))
                                .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                                .build())
                        .build());
    }

    // ---------------------------------------------------------------- tests

    @Test
    void shouldAnswerAPlainCompletionFromTheResponsesApiWithUsage() {
        responsesAnswer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(response("completed", new JsonArray().add(message("Under a silver moon, Lumina slept.")))
                        .encode()));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4.1").addSystemMessage("You are a storyteller.")
                .addUserMessage("Tell me a one sentence bedtime story about a unicorn.").maxCompletionTokens(100)
                .build());

        assertThat(completion.choices().get(0).message().content()).hasValue("Under a silver moon, Lumina slept.");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.model()).isEqualTo("gpt-4.1-2025-04-14");
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.promptTokens()).isEqualTo(36);
        assertThat(usage.completionTokens()).isEqualTo(87);
        assertThat(usage.totalTokens()).isEqualTo(123);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(24L);
        JsonObject sent = new JsonObject(openai.last().body());
        assertThat(sent.getString("instructions")).isEqualTo("You are a storyteller.");
        assertThat(sent.getInteger("max_output_tokens")).isEqualTo(100);
        assertThat(sent.getBoolean("store")).isFalse();
    }

    @Test
    void shouldStreamTextAndTheUsageChunk() {
        responsesAnswer((req, body) -> {
            StringBuilder t = messageStarted();
            for (String piece : List.of("Héllo", ", wörld ", "🌍")) {
                t.append(event(new JsonObject().put("type", "response.output_text.delta").put("item_id", "msg_1")
                        .put("output_index", 0).put("content_index", 0).put("delta", piece)));
            }
            t.append(event(new JsonObject().put("type", "response.completed").put("response",
                    response("completed", new JsonArray().add(message("Héllo, wörld 🌍"))))));
            writeSplit(req.response(), t.toString());
        });

        StringBuilder text = new StringBuilder();
        List<CompletionUsage> usages = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4.1").addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            stream.stream().forEach(chunk -> {
                chunk.usage().ifPresent(usages::add);
                chunk.choices().forEach(c -> {
                    c.delta().content().ifPresent(text::append);
                    c.finishReason().ifPresent(f -> finishes.add(f.asString()));
                });
            });
        }

        assertThat(text.toString()).isEqualTo("Héllo, wörld 🌍");
        assertThat(finishes).containsExactly("stop");
        assertThat(usages).hasSize(1);
        assertThat(usages.get(0).promptTokens()).isEqualTo(36);
        assertThat(usages.get(0).completionTokens()).isEqualTo(87);
        assertThat(usages.get(0).promptTokensDetails().orElseThrow().cachedTokens()).hasValue(24L);
        assertThat(new JsonObject(openai.last().body()).getBoolean("stream")).isTrue();
    }

    @Test
    void shouldStreamWithoutAUsageChunkWhenTheClientDidNotAskForIt() {
        answerLongText("Hi");

        OpenAiSdk.Collected got = streamHelloWithoutUsage("gpt-4.1");

        assertThat(got.text()).isEqualTo("Hi");
        assertThat(got.finishes).containsExactly("stop");
        assertThat(got.usages).isEmpty();
    }

    /**
     * A long answer: the Responses API repeats the whole text in {@code response.output_text.done},
     * {@code response.output_item.done} and {@code response.completed}, events far longer than 4 KiB.
     */
    private void answerLongText(String text) {
        responsesAnswer((req, body) -> {
            StringBuilder t = messageStarted();
            for (int at = 0; at < text.length(); at += 1000) {
                t.append(event(new JsonObject().put("type", "response.output_text.delta").put("item_id", "msg_1")
                        .put("output_index", 0).put("content_index", 0)
                        .put("delta", text.substring(at, Math.min(text.length(), at + 1000)))));
            }
            t.append(event(new JsonObject().put("type", "response.output_text.done").put("item_id", "msg_1")
                    .put("output_index", 0).put("content_index", 0).put("text", text)));
            t.append(event(new JsonObject().put("type", "response.output_item.done").put("output_index", 0)
                    .put("item", message(text))));
            t.append(event(new JsonObject().put("type", "response.completed").put("response",
                    response("completed", new JsonArray().add(message(text))))));
            writeSplit(req.response(), t.toString());
        });
    }

    private static String longText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 40_000; i++) {
            text.append("Sentence ").append(i).append(" of a long story, with é and 🌍. ");
        }
        return text.toString();
    }

    @Test
    void shouldStreamAnAnswerWhoseDoneEventsAreLongerThan4KiBToTheOpenAiSdk() {
        String text = longText();
        answerLongText(text);

        OpenAiSdk.Collected got = OpenAiSdk.collect(sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4.1").addUserMessage("Tell a long story").build()));

        assertThat(got.text()).isEqualTo(text);
        assertThat(got.finishes).containsExactly("stop");
    }

    @Test
    void shouldStreamAnAnswerWhoseDoneEventsAreLongerThan4KiBToTheAnthropicSdk() {
        String text = longText();
        answerLongText(text);

        MessageAccumulator accumulator = MessageAccumulator.create();
        AnthropicClient anthropic = AnthropicSdk.client(h.proxy.port());
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = anthropic.messages()
                .createStreaming(MessageCreateParams.builder().model("gpt-4.1").maxTokens(4096)
                        .addUserMessage("Tell a long story").build())) {
            stream.stream().forEach(accumulator::accumulate);
        } finally {
            anthropic.close();
        }

        Message message = accumulator.message();
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isEqualTo(text);
        assertThat(message.stopReason()).hasValue(StopReason.END_TURN);
    }

    @Test
    void shouldCallAToolAndSendItsResultBackPairedByCallId() {
        responsesAnswer((req, body) -> {
            JsonArray input = new JsonObject(body).getJsonArray("input");
            JsonObject last = input.getJsonObject(input.size() - 1);
            JsonArray output = "function_call_output".equals(last.getString("type"))
                    ? new JsonArray().add(message("It is " + last.getString("output") + " in Paris."))
                    : new JsonArray().add(functionCall("call_12345xyz", "{\"location\":\"Paris, France\"}"));
            req.response().putHeader("Content-Type", "application/json")
                    .end(response("completed", output).encode());
        });

        ChatCompletion first = sdk.chat().completions().create(weatherParams().build());

        assertThat(first.choices().get(0).finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertThat(call.id()).isEqualTo("call_12345xyz");
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Paris, France\"}");
        JsonObject firstSent = new JsonObject(openai.last().body());
        assertThat(firstSent.getJsonArray("tools").getJsonObject(0).getString("name")).isEqualTo("get_weather");

        ChatCompletion second = sdk.chat().completions().create(weatherParams()
                .addMessage(first.choices().get(0).message().toParam())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("18 °C").build())
                .build());

        assertThat(second.choices().get(0).message().content()).hasValue("It is 18 °C in Paris.");
        JsonArray input = new JsonObject(openai.last().body()).getJsonArray("input");
        assertThat(input.getJsonObject(1).getString("type")).isEqualTo("function_call");
        assertThat(input.getJsonObject(1).getString("call_id")).isEqualTo("call_12345xyz");
        assertThat(input.getJsonObject(2).getString("type")).isEqualTo("function_call_output");
        assertThat(input.getJsonObject(2).getString("call_id")).isEqualTo("call_12345xyz");
    }

    @Test
    void shouldStreamAToolCallWithItsIdAndNameOnTheFirstDelta() {
        responsesAnswer((req, body) -> {
            StringBuilder t = new StringBuilder();
            t.append(event(new JsonObject().put("type", "response.created").put("response",
                    response("in_progress", new JsonArray()).putNull("usage"))));
            t.append(event(new JsonObject().put("type", "response.output_item.added").put("output_index", 0)
                    .put("item", functionCall("call_abc", ""))));
            for (String piece : List.of("{\"loc", "ation\":\"Bogo", "tá\"}")) {
                t.append(event(new JsonObject().put("type", "response.function_call_arguments.delta")
                        .put("item_id", "fc_call_abc").put("output_index", 0).put("delta", piece)));
            }
            t.append(event(new JsonObject().put("type", "response.output_item.done").put("output_index", 0)
                    .put("item", functionCall("call_abc", "{\"location\":\"Bogotá\"}"))));
            t.append(event(new JsonObject().put("type", "response.completed").put("response",
                    response("completed", new JsonArray().add(functionCall("call_abc", "{\"location\":\"Bogotá\"}"))))));
            writeSplit(req.response(), t.toString());
        });

        List<ChatCompletionChunk.Choice.Delta.ToolCall> deltas = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions()
                .createStreaming(weatherParams().build())) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
                c.delta().toolCalls().ifPresent(deltas::addAll);
                c.finishReason().ifPresent(f -> finishes.add(f.asString()));
            }));
        }

        assertThat(deltas.get(0).id()).hasValue("call_abc");
        assertThat(deltas.get(0).function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::name))
                .hasValue("get_weather");
        StringBuilder arguments = new StringBuilder();
        for (ChatCompletionChunk.Choice.Delta.ToolCall d : deltas) {
            assertThat(d.index()).isZero();
            d.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                    .ifPresent(arguments::append);
        }
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Bogotá\"}");
        assertThat(deltas.subList(1, deltas.size())).allSatisfy(d -> assertThat(d.id()).isEqualTo(Optional.empty()));
        assertThat(finishes).containsExactly("tool_calls");
    }

    @Test
    void shouldPassTheResponsesApisRefusalToTheClientWithItsStatus() {
        responsesAnswer((req, body) -> req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("error", new JsonObject().put("message", "Your input exceeds the context "
                        + "window of this model.").put("type", "invalid_request_error").put("param", "input")
                        .put("code", "context_length_exceeded")).encode()));

        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4.1").addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("context window");
    }

    @Test
    void shouldRaiseATokenLimitBelowTheResponsesApisMinimumTo16() {
        responsesAnswer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(response("completed", new JsonArray().add(message("Hi."))).encode()));

        // The Responses API refuses max_output_tokens below 16 (the fake as OpenAI does); Chat Completions takes 5
        ChatCompletion short5 = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4.1").addUserMessage("hi").maxTokens(5).build());
        ChatCompletion long100 = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4.1").addUserMessage("hi").maxCompletionTokens(100).build());

        assertThat(short5.choices().get(0).message().content()).hasValue("Hi.");
        assertThat(long100.choices().get(0).message().content()).hasValue("Hi.");
        assertThat(new JsonObject(openai.received().get(0).body()).getInteger("max_output_tokens")).isEqualTo(16);
        assertThat(new JsonObject(openai.received().get(1).body()).getInteger("max_output_tokens")).isEqualTo(100);
    }

    @Test
    void shouldRefuseNGreaterThanOneWithoutCallingTheTarget() {
        responsesAnswer((req, body) -> req.response().end(response("completed", new JsonArray()).encode()));

        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4.1").addUserMessage("hi").n(2).build()))
                .isInstanceOfSatisfying(BadRequestException.class,
                        e -> assertThat(e.body().toString()).contains("param=n,"));
        assertThat(openai.received()).isEmpty();
    }

    @Test
    void shouldHaveAFakeThatRefusesAChatCompletionsRequest() throws Exception {
        responsesAnswer((req, body) -> req.response().end(response("completed", new JsonArray()).encode()));

        HttpResponse<String> direct = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + openai.port() + "/v1/responses"))
                .header("Authorization", "Bearer " + OPENAI_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(direct.statusCode()).isEqualTo(400);
        assertThat(direct.body()).contains("Unknown parameter: 'messages'");
    }

    @Test
    void shouldGiveAnAnthropicClientsThinkingAsReasoningWithSummariesReturnedAsAThinkingBlock() {
        responsesAnswer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(response("completed", new JsonArray().add(reasoningItem("Multiplying 27 by 453."))
                        .add(message("12,231"))).encode()));
        AnthropicClient anthropic = AnthropicSdk.client(h.proxy.port());
        Message message;
        try {
            message = anthropic.messages().create(MessageCreateParams.builder().model("o4-mini").maxTokens(20000)
                    .enabledThinking(16384).addUserMessage("What is 27 * 453?").build());
        } finally {
            anthropic.close();
        }

        assertThat(message.content().get(0).asThinking().thinking()).isEqualTo("Multiplying 27 by 453.");
        assertThat(message.content().get(1).asText().text()).isEqualTo("12,231");
        assertThat(new JsonObject(openai.last().body()).getJsonObject("reasoning"))
                .isEqualTo(new JsonObject().put("effort", "high").put("summary", "auto"));
    }

    @Test
    void shouldStreamReasoningSummariesToAnAnthropicClientAsThinkingDeltas() {
        responsesAnswer((req, body) -> {
            StringBuilder t = new StringBuilder(event(new JsonObject().put("type", "response.created")
                    .put("response", response("in_progress", new JsonArray()).putNull("usage"))));
            t.append(event(new JsonObject().put("type", "response.output_item.added").put("output_index", 0)
                    .put("item", reasoningItem("").put("summary", new JsonArray()))));
            for (String piece : List.of("Multiplying ", "27 by 453.")) {
                t.append(event(new JsonObject().put("type", "response.reasoning_summary_text.delta")
                        .put("item_id", "rs_1").put("output_index", 0).put("summary_index", 0).put("delta", piece)));
            }
            t.append(event(new JsonObject().put("type", "response.output_item.added").put("output_index", 1)
                    .put("item", message("").put("content", new JsonArray()))));
            t.append(event(new JsonObject().put("type", "response.output_text.delta").put("item_id", "msg_1")
                    .put("output_index", 1).put("content_index", 0).put("delta", "12,231")));
            t.append(event(new JsonObject().put("type", "response.completed").put("response",
                    response("completed", new JsonArray().add(reasoningItem("Multiplying 27 by 453."))
                            .add(message("12,231"))))));
            writeSplit(req.response(), t.toString());
        });

        MessageAccumulator accumulator = MessageAccumulator.create();
        List<String> deltas = new ArrayList<>();
        AnthropicClient anthropic = AnthropicSdk.client(h.proxy.port());
        try (com.anthropic.core.http.StreamResponse<RawMessageStreamEvent> stream = anthropic.messages()
                .createStreaming(MessageCreateParams.builder().model("o4-mini").maxTokens(4096)
                        .enabledThinking(2048).addUserMessage("What is 27 * 453?").build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                event.contentBlockDelta().ifPresent(d -> deltas.add(d.delta().isThinking() ? "thinking" : "other"));
            });
        } finally {
            anthropic.close();
        }

        Message message = accumulator.message();
        assertThat(deltas).containsExactly("thinking", "thinking", "other");
        assertThat(message.content().get(0).asThinking().thinking()).isEqualTo("Multiplying 27 by 453.");
        assertThat(message.content().get(1).asText().text()).isEqualTo("12,231");
        assertThat(new JsonObject(openai.last().body()).getJsonObject("reasoning"))
                .isEqualTo(new JsonObject().put("effort", "low").put("summary", "auto"));
    }
}
