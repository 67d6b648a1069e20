package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ToolUseBlock;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official Anthropic Java SDK as a client of the proxy, routed to a fake OpenAI Chat Completions upstream. */
class AnthropicClientIT {

    private static final String OPENAI_KEY = "sk-openai-upstream";

    private Vertx vertx;
    private FakeUpstream openai;
    private ProxyHarness h;
    private AnthropicClient sdk;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        openai = FakeUpstream.start(vertx, "openai");
        Target target = Configs.withCredentials(Configs.target("openai", openai.port()),
                new Credentials("u.openai.apiKey", null, null, null));
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target)),
                Map.of("u.openai.apiKey", OPENAI_KEY));
        sdk = client(Configs.CLIENT_KEY);
    }

    private AnthropicClient client(String key) {
        return AnthropicSdk.client(h.proxy.port(), key);
    }

    @AfterEach
    void tearDown() throws Exception {
        sdk.close();
        h.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Answers like OpenAI, and only to a valid Chat Completions request: its path, the upstream key as Bearer, no
     * Anthropic headers or client key, a model, non-empty messages with known roles, tool messages answering an
     * earlier assistant tool call, and no Anthropic-only fields. Answers 400 in OpenAI's format otherwise.
     */
    private void openAiAnswers(FakeUpstream.Behaviour answer) {
        openai.behave((req, body) -> {
            String problem = problem(req, body.toString());
            if (problem != null) {
                req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("error", new JsonObject().put("message", problem)
                                .put("type", "invalid_request_error").putNull("param").putNull("code")).encode());
                return;
            }
            answer.respond(req, body);
        });
    }

    private static String problem(HttpServerRequest req, String text) {
        if (!"/v1/chat/completions".equals(req.path())) {
            return "unknown path " + req.path();
        }
        if (!("Bearer " + OPENAI_KEY).equals(req.getHeader("Authorization")) || req.getHeader("x-api-key") != null
                || req.getHeader("anthropic-version") != null) {
            return "bad credentials or foreign headers";
        }
        JsonObject body;
        try {
            body = new JsonObject(text);
        } catch (RuntimeException e) {
            return "body is not JSON";
        }
        if (body.getString("model") == null) {
            return "model missing";
        }
        for (String foreign : List.of("max_tokens_to_sample", "stop_sequences", "system", "metadata", "top_k")) {
            if (body.containsKey(foreign)) {
                return "unknown parameter " + foreign;
            }
        }
        JsonArray messages = body.getJsonArray("messages");
        if (messages == null || messages.isEmpty()) {
            return "messages missing";
        }
        List<String> callIds = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonObject m = messages.getJsonObject(i);
            String role = m.getString("role");
            if (!List.of("system", "user", "assistant", "tool").contains(role)) {
                return "bad role " + role;
            }
            if ("assistant".equals(m.getString("role")) && m.getJsonArray("tool_calls") != null) {
                m.getJsonArray("tool_calls").forEach(c -> callIds.add(((JsonObject) c).getString("id")));
            }
            if ("tool".equals(role) && !callIds.contains(m.getString("tool_call_id"))) {
                return "tool message without a matching tool call";
            }
        }
        if (body.getBoolean("stream", false)
                && !body.getJsonObject("stream_options", new JsonObject()).getBoolean("include_usage", false)) {
            return "stream without include_usage";
        }
        return null;
    }

    private static MessageCreateParams.Builder params() {
        return MessageCreateParams.builder().model("gpt-4o").maxTokens(256).system("Be brief.")
                .addUserMessage("Say hello");
    }

    private static String completion(String content) {
        return "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":21,\"completion_tokens\":5,"
                + "\"total_tokens\":26,\"prompt_tokens_details\":{\"cached_tokens\":8}}}";
    }

    @Test
    void shouldServeAMessageFromAnOpenAiTarget() {
        openAiAnswers((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(completion("Hello!")));

        Message message = sdk.messages().create(params().build());

        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).asText().text()).isEqualTo("Hello!");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().inputTokens()).isEqualTo(13);
        assertThat(message.usage().cacheReadInputTokens()).contains(8L);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
        JsonObject sent = new JsonObject(openai.last().body());
        assertThat(sent.getString("model")).isEqualTo("gpt-4o");
        assertThat(sent.getInteger("max_completion_tokens")).isEqualTo(256);
        assertThat(sent.getJsonArray("messages").getJsonObject(0).getString("role")).isEqualTo("system");
        assertThat(sent.getJsonArray("messages").getJsonObject(0).getString("content")).isEqualTo("Be brief.");
    }

    @Test
    void shouldCallAToolAndSendItsResultBackWithTheIdPaired() {
        openAiAnswers((req, body) -> {
            JsonArray messages = new JsonObject(body.toString()).getJsonArray("messages");
            JsonObject last = messages.getJsonObject(messages.size() - 1);
            String answer = "tool".equals(last.getString("role"))
                    ? completion("It is " + last.getString("content") + " in Paris.")
                    : "{\"id\":\"chatcmpl-t\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o\","
                            + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
                            + "\"tool_calls\":[{\"id\":\"call_42\",\"type\":\"function\",\"function\":{\"name\":"
                            + "\"get_weather\",\"arguments\":\"{\\\"location\\\":\\\"Paris\\\"}\"}}]},"
                            + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":50,"
                            + "\"completion_tokens\":12,\"total_tokens\":62}}";
            req.response().putHeader("Content-Type", "application/json").end(answer);
        });
        MessageCreateParams first = MessageCreateParams.builder().model("gpt-4o").maxTokens(256)
                .addTool(AnthropicSdk.weatherTool()).addUserMessage("Weather in Paris?").build();

        Message call = sdk.messages().create(first);

        assertThat(call.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = call.content().stream().filter(ContentBlock::isToolUse).findFirst().orElseThrow()
                .asToolUse();
        assertThat(use.id()).isEqualTo("call_42");
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("location", "Paris"));
        JsonObject sentTools = new JsonObject(openai.last().body()).getJsonArray("tools").getJsonObject(0);
        assertThat(sentTools.getJsonObject("function").getString("name")).isEqualTo("get_weather");
        assertThat(sentTools.getJsonObject("function").getJsonObject("parameters").getJsonArray("required"))
                .containsExactly("location");

        MessageCreateParams second = first.toBuilder()
                .addMessage(call)
                .addUserMessageOfContentBlockParams(List.of(com.anthropic.models.messages.ContentBlockParam
                        .ofToolResult(com.anthropic.models.messages.ToolResultBlockParam.builder()
                                .toolUseId(use.id()).content("18°C").build())))
                .build();
        Message answer = sdk.messages().create(second);

        assertThat(answer.content().get(0).asText().text()).isEqualTo("It is 18°C in Paris.");
        JsonArray sent = new JsonObject(openai.last().body()).getJsonArray("messages");
        JsonObject assistant = sent.getJsonObject(sent.size() - 2);
        assertThat(assistant.getJsonArray("tool_calls").getJsonObject(0).getString("id")).isEqualTo("call_42");
        assertThat(sent.getJsonObject(sent.size() - 1).getString("tool_call_id")).isEqualTo("call_42");
    }

    @Test
    void shouldStreamTextDeltasAToolUseAndUsage() {
        openAiAnswers((req, body) -> {
            var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            String head = "data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
            String tail = ",\"finish_reason\":null}]}\n\n";
            resp.write(head + "{\"role\":\"assistant\",\"content\":\"\"}" + tail);
            resp.write(head + "{\"content\":\"Let me \"}" + tail + head + "{\"content\":\"check.\"}" + tail);
            resp.write(head + "{\"tool_calls\":[{\"index\":0,\"id\":\"call_7\",\"type\":\"function\",\"function\":"
                    + "{\"name\":\"get_weather\",\"arguments\":\"\"}}]}" + tail);
            // one event split across two writes
            String args = head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":"
                    + "\\\"Paris\\\"}\"}}]}" + tail;
            resp.write(args.substring(0, 40));
            resp.write(args.substring(40));
            resp.write(head + "{}" + ",\"finish_reason\":\"tool_calls\"}]}\n\n");
            resp.write("data: {\"id\":\"chatcmpl-s\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":9,"
                    + "\"total_tokens\":39}}\n\n");
            resp.end("data: [DONE]\n\n");
        });

        List<String> texts = new ArrayList<>();
        List<String> types = new ArrayList<>();
        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(params().build())) {
            stream.stream().forEach(event -> {
                accumulator.accumulate(event);
                types.add(event.isMessageStart() ? "message_start" : event.isContentBlockStart()
                        ? "content_block_start" : event.isContentBlockDelta() ? "content_block_delta"
                        : event.isContentBlockStop() ? "content_block_stop" : event.isMessageDelta()
                        ? "message_delta" : event.isMessageStop() ? "message_stop" : "other");
                event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> texts.add(t.text()));
            });
        }
        Message message = accumulator.message();

        assertThat(texts).containsExactly("Let me ", "check.");
        assertThat(types).containsExactly("message_start", "content_block_start", "content_block_delta",
                "content_block_delta", "content_block_stop", "content_block_start", "content_block_delta",
                "content_block_stop", "message_delta", "message_stop");
        ToolUseBlock use = message.content().get(1).asToolUse();
        assertThat(use.id()).isEqualTo("call_7");
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("location", "Paris"));
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(message.usage().outputTokens()).isEqualTo(9);
        assertThat(message.usage().inputTokens()).isEqualTo(30);
        assertThat(new JsonObject(openai.last().body()).getBoolean("stream")).isTrue();
    }

    @Test
    void shouldRefuseAWrongKeyWithAnAnthropicAuthenticationError() throws Exception {
        AnthropicClient wrong = client("sk-wrong");
        try {
            assertThatThrownBy(() -> wrong.messages().create(params().build()))
                    .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(401);
                        assertThat(e.body().convert(Map.class)).containsEntry("type", "error");
                        assertThat(e.errorType().map(Object::toString)).contains("authentication_error");
                    });
        } finally {
            wrong.close();
        }
        HttpResponse<String> missing = h.post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(missing.statusCode()).isEqualTo(401);
        JsonObject body = new JsonObject(missing.body());
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("authentication_error");
        assertThat(openai.received()).isEmpty();
    }

    @Test
    void shouldAnswerTheTargetsRefusalInAnthropicFormat() {
        openAiAnswers((req, body) -> req.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end("{\"error\":{\"message\":\"context too long\",\"type\":\"invalid_request_error\","
                        + "\"param\":\"messages\",\"code\":\"context_length_exceeded\"}}"));

        assertThatThrownBy(() -> sdk.messages().create(params().build()))
                .isInstanceOfSatisfying(com.anthropic.errors.BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("context too long");
                    assertThat(e.errorType().map(Object::toString)).contains("invalid_request_error");
                });
    }

    @Test
    void shouldAnswerAFieldTheTargetCannotHonourWithA400NamingIt() throws Exception {
        HttpResponse<String> resp = h.post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":5,\"top_k\":3,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", Configs.CLIENT_KEY,
                "anthropic-version", "2023-06-01");

        assertThat(resp.statusCode()).isEqualTo(400);
        JsonObject body = new JsonObject(resp.body());
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("invalid_request_error");
        assertThat(body.getJsonObject("error").getString("message")).contains("top_k");
        assertThat(openai.received()).isEmpty();
    }

    @Test
    void shouldAnswerAFailedUpstreamWithAnAnthropicError() throws Exception {
        openAiAnswers(FakeUpstream.status(500));

        HttpResponse<String> resp = h.post("/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":5,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", Configs.CLIENT_KEY);

        assertThat(resp.statusCode()).isEqualTo(500);
        JsonObject body = new JsonObject(resp.body());
        assertThat(body.getString("type")).isEqualTo("error");
        assertThat(body.getJsonObject("error").getString("type")).isEqualTo("api_error");
    }

    @Test
    void shouldKeepOpenAiClientsOnTheSameRouteForwardedAsIs() throws Exception {
        openAiAnswers((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(completion("plain")));

        HttpResponse<String> resp = h.chat("gpt-4o");

        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(resp.body()).getString("object")).isEqualTo("chat.completion");
    }
}
