package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.auth.SigV4Signer;
import io.aigateway.proxy.provider.bedrock.EventStreamFrames;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.StrictBedrock;
import io.aigateway.proxy.support.StrictGemini;
import io.aigateway.proxy.support.StrictOpenAi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A stream the provider cut (the connection dropped after the first text, or the body ended before the provider's
 * last event) never looks finished to the official SDKs: each raises an error, an OpenAI client never sees a
 * {@code finish_reason} and an Anthropic client never sees {@code message_delta} or {@code message_stop}.
 */
class CutStreamIT {

    private static final String GEMINI_KEY = "gemini-key";
    private static final String ANTHROPIC_KEY = "anthropic-key";
    private static final SigV4Signer.AwsKey AWS_KEY = new SigV4Signer.AwsKey("eu-west-1", "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");

    /** How the provider's stream breaks off. */
    enum Cut {
        /** The connection drops after the first text. */
        DROPPED,
        /** The body ends cleanly, but without the provider's last event. */
        UNFINISHED
    }

    enum Client {
        OPENAI_SDK, ANTHROPIC_SDK
    }

    /** One provider: its fake, its target, the model asked for, and its stream up to the text "Hel" and further. */
    enum Upstream {
        GEMINI("gemini-2.0-flash", "text/event-stream"),
        ANTHROPIC("claude-sonnet-4-5", "text/event-stream"),
        BEDROCK("anthropic.claude-3-haiku-20240307-v1:0", "application/vnd.amazon.eventstream"),
        RESPONSES("gpt-4.1", "text/event-stream"),
        OPENAI("gpt-4o", "text/event-stream");

        final String model;
        final String contentType;

        Upstream(String model, String contentType) {
            this.model = model;
            this.contentType = contentType;
        }

        /** The stream up to the first text. */
        byte[] partial() {
            return switch (this) {
                case GEMINI -> gemini(StrictGemini.candidate(new JsonArray().add(StrictGemini.text("Hel")), null));
                case ANTHROPIC -> sse(anthropic("message_start", new JsonObject().put("message",
                                StrictAnthropic.message("msg_1", new JsonArray(), null,
                                        StrictAnthropic.usage(10, 1, 0)))),
                        anthropic("content_block_start", new JsonObject().put("index", 0).put("content_block",
                                new JsonObject().put("type", "text").put("text", ""))),
                        anthropic("content_block_delta", new JsonObject().put("index", 0).put("delta",
                                new JsonObject().put("type", "text_delta").put("text", "Hel"))));
                case BEDROCK -> EventStreamFrames.concat(List.of(
                        EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                        EventStreamFrames.event("contentBlockDelta",
                                "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hel\"}}")));
                case RESPONSES -> sse(responses("response.created", new JsonObject().put("response",
                                new JsonObject().put("id", "resp_1").put("object", "response")
                                        .put("created_at", 1741476542L).put("status", "in_progress")
                                        .put("model", "gpt-4.1").put("output", new JsonArray()))),
                        responses("response.output_item.added", new JsonObject().put("output_index", 0)
                                .put("item", new JsonObject().put("type", "message").put("id", "msg_1")
                                        .put("role", "assistant").put("content", new JsonArray()))),
                        responses("response.output_text.delta", new JsonObject().put("item_id", "msg_1")
                                .put("output_index", 0).put("content_index", 0).put("delta", "Hel")));
                case OPENAI -> sse(openAi(new JsonObject().put("role", "assistant").put("content", ""), null),
                        openAi(new JsonObject().put("content", "Hel"), null));
            };
        }

        /** The whole stream but for the provider's last event (for Gemini, the one with the finish reason). */
        byte[] unfinished() {
            Buffer all = Buffer.buffer(partial());
            switch (this) {
                case GEMINI -> all.appendBytes(gemini(StrictGemini.candidate(
                        new JsonArray().add(StrictGemini.text("lo")), null)));
                case ANTHROPIC -> all.appendBytes(sse(
                        anthropic("content_block_stop", new JsonObject().put("index", 0)),
                        anthropic("message_delta", new JsonObject()
                                .put("delta", new JsonObject().put("stop_reason", "end_turn").putNull("stop_sequence"))
                                .put("usage", new JsonObject().put("output_tokens", 2)))));
                case BEDROCK -> all.appendBytes(EventStreamFrames.event("contentBlockStop",
                        "{\"contentBlockIndex\":0}"));
                case RESPONSES -> all.appendBytes(sse(responses("response.output_text.done",
                        new JsonObject().put("item_id", "msg_1").put("output_index", 0).put("content_index", 0)
                                .put("text", "Hel"))));
                case OPENAI -> all.appendBytes(sse(openAi(new JsonObject(), "stop")));
            }
            return all.getBytes();
        }

        private static byte[] gemini(JsonObject candidate) {
            return StrictGemini.event(StrictGemini.response(candidate, null)).getBytes(StandardCharsets.UTF_8);
        }

        private static String anthropic(String type, JsonObject data) {
            return StrictAnthropic.event(data.put("type", type));
        }

        private static String responses(String type, JsonObject data) {
            return "event: " + type + "\ndata: " + data.put("type", type).encode() + "\n\n";
        }

        private static String openAi(JsonObject delta, String finishReason) {
            JsonObject choice = new JsonObject().put("index", 0).put("delta", delta).putNull("logprobs")
                    .put("finish_reason", finishReason);
            return "data: " + new JsonObject().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
                    .put("created", 1741476542L).put("model", "gpt-4o")
                    .put("choices", new JsonArray().add(choice)).encode() + "\n\n";
        }

        private static byte[] sse(String... events) {
            return String.join("", events).getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Every pair the gateway translates, both cuts; and the pairs it forwards as they came, where only a dropped
     * connection is the gateway's to report (a provider's own unfinished stream reaches its client unchanged).
     */
    static Stream<Arguments> pairs() {
        List<Arguments> pairs = new ArrayList<>();
        for (Cut cut : Cut.values()) {
            for (Upstream upstream : Upstream.values()) {
                for (Client client : Client.values()) {
                    if (!forwarded(upstream, client) || cut == Cut.DROPPED) {
                        pairs.add(Arguments.of(upstream, client, cut));
                    }
                }
            }
        }
        return pairs.stream();
    }

    /** Whether the gateway passes the provider's stream through as it came: it has no event to add then. */
    private static boolean forwarded(Upstream upstream, Client client) {
        return upstream == Upstream.OPENAI && client == Client.OPENAI_SDK
                || upstream == Upstream.ANTHROPIC && client == Client.ANTHROPIC_SDK;
    }

    private Vertx vertx;
    private ProxyHarness h;
    private AutoCloseable fake;

    @AfterEach
    void stopAll() throws Exception {
        if (h != null) {
            h.close();
        }
        if (fake != null) {
            fake.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0} to an {1} client, {2}")
    @MethodSource("pairs")
    void shouldEndACutStreamWithAnErrorAndNoFinish(Upstream upstream, Client client, Cut cut) throws Exception {
        vertx = Vertx.vertx();
        start(upstream, cut);

        // translated or forwarded, the stream ends with an error event in the client's API, which the SDK raises
        if (client == Client.OPENAI_SDK) {
            assertOpenAiClientSawNoFinish(upstream, com.openai.errors.SseException.class);
        } else {
            assertAnthropicClientSawNoFinish(upstream, com.anthropic.errors.SseException.class);
        }
    }

    private void assertOpenAiClientSawNoFinish(Upstream upstream, Class<? extends Throwable> error) {
        List<String> texts = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        OpenAIClient sdk = OpenAiSdk.client(h.proxy.port());
        try {
            Throwable thrown = catchThrowable(() -> {
                try (var stream = sdk.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                        .model(upstream.model).addUserMessage("Say hello")
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                    stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> {
                        choice.delta().content().filter(t -> !t.isEmpty()).ifPresent(texts::add);
                        choice.finishReason().ifPresent(f -> finishes.add(f.asString()));
                    }));
                }
            });

            // [DONE] would have ended the SDK's stream quietly: an error means none came first
            assertThat(thrown).as("the SDK's error").isInstanceOf(error);
            assertThat(finishes).isEmpty();
            assertThat(String.join("", texts)).isIn("", "Hel", "Hello");
        } finally {
            sdk.close();
        }
    }

    private void assertAnthropicClientSawNoFinish(Upstream upstream, Class<? extends Throwable> error) {
        List<String> texts = new ArrayList<>();
        List<String> finishes = new ArrayList<>();
        AnthropicClient sdk = AnthropicSdk.client(h.proxy.port());
        try {
            Throwable thrown = catchThrowable(() -> {
                try (var stream = sdk.messages().createStreaming(MessageCreateParams.builder()
                        .model(upstream.model).maxTokens(256).addUserMessage("Say hello").build())) {
                    stream.stream().forEach(event -> {
                        event.contentBlockDelta().flatMap(d -> d.delta().text()).ifPresent(t -> texts.add(t.text()));
                        event.messageDelta().ifPresent(d -> finishes.add("message_delta"));
                        event.messageStop().ifPresent(s -> finishes.add("message_stop"));
                    });
                }
            });

            assertThat(thrown).as("the SDK's error").isInstanceOf(error);
            assertThat(finishes).isEmpty();
            assertThat(String.join("", texts)).isIn("", "Hel", "Hello");
        } finally {
            sdk.close();
        }
    }

    /** Starts the provider's fake answering every request with the cut stream, and the proxy in front of it. */
    private void start(Upstream upstream, Cut cut) throws Exception {
        FakeUpstream.Behaviour answer = (req, body) -> answer(req, upstream, cut);
        Map<String, String> credentials = Map.of();
        Target target;
        switch (upstream) {
            case GEMINI -> {
                StrictGemini gemini = StrictGemini.start(vertx, GEMINI_KEY).answer(answer);
                fake = gemini;
                target = target("gemini", Provider.GEMINI, gemini.port(), "/v1beta", Map.of(),
                        new Credentials("u.gemini.apiKey", null, null, null));
                credentials = Map.of("u.gemini.apiKey", GEMINI_KEY);
            }
            case ANTHROPIC -> {
                StrictAnthropic anthropic = StrictAnthropic.start(vertx, ANTHROPIC_KEY).answer(answer);
                fake = anthropic;
                target = target("claude", Provider.ANTHROPIC, anthropic.port(), "/v1", Map.of(),
                        new Credentials("u.claude.apiKey", null, null, null));
                credentials = Map.of("u.claude.apiKey", ANTHROPIC_KEY);
            }
            case BEDROCK -> {
                StrictBedrock bedrock = StrictBedrock.start(vertx, AWS_KEY).answer(answer);
                fake = bedrock;
                target = target("bedrock", Provider.BEDROCK, bedrock.port(), "", Map.of(), new Credentials(null,
                        null, new Credentials.AwsCredentials(AWS_KEY.region(), "u.aws.id", "u.aws.secret",
                        "u.aws.token"), null));
                credentials = Map.of("u.aws.id", AWS_KEY.accessKeyId(), "u.aws.secret", AWS_KEY.secretAccessKey(),
                        "u.aws.token", AWS_KEY.sessionToken());
            }
            case RESPONSES -> {
                // no strict Responses fake yet: the path is all this test needs checked
                FakeUpstream responses = FakeUpstream.start(vertx, "responses");
                responses.behave((req, body) -> {
                    if ("/v1/responses".equals(req.path())) {
                        answer.respond(req, body);
                    } else {
                        req.response().setStatusCode(404).end();
                    }
                });
                fake = responses;
                target = target("oai-responses", Provider.OPENAI, responses.port(), "/v1",
                        Map.of("api", "responses"), null);
            }
            case OPENAI -> {
                StrictOpenAi openAi = StrictOpenAi.start(vertx, "openai", false).answer(answer);
                fake = openAi;
                target = target("oai", Provider.OPENAI, openAi.port(), "/v1", Map.of(), null);
            }
            default -> throw new IllegalArgumentException(upstream.name());
        }
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target)),
                credentials);
    }

    private static Target target(String name, Provider provider, int port, String path,
            Map<String, String> options, Credentials credentials) {
        return new Target(name, provider, new Endpoint("http", "127.0.0.1", port, path), null, 1, 1, List.of(),
                null, Map.of(), options, credentials, null, null);
    }

    private void answer(HttpServerRequest req, Upstream upstream, Cut cut) {
        if (cut == Cut.UNFINISHED) {
            OpenAiSdk.writeSplit(req.response(), upstream.contentType, upstream.unfinished(), 17);
            return;
        }
        req.response().setChunked(true).putHeader("Content-Type", upstream.contentType)
                .write(Buffer.buffer(upstream.partial()));
        // after the text went out, as a provider's connection breaks mid-answer
        vertx.setTimer(100, t -> req.connection().close());
    }
}
