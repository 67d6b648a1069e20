package io.aigateway.proxy.support;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The official OpenAI Java SDK pointed at a proxy, and what the end-to-end ITs send and collect with it. */
public final class OpenAiSdk {

    private OpenAiSdk() {
    }

    /** A client of the proxy on {@code port}, with the client key and no retries of its own. */
    public static OpenAIClient client(int port) {
        return client(port, Configs.CLIENT_KEY);
    }

    /** A client of the proxy on {@code port}, with {@code key} and no retries of its own. */
    public static OpenAIClient client(int port, String key) {
        return OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(key)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    /** The documented weather tool: {@code get_weather(location: string)}. */
    public static FunctionDefinition weatherTool() {
        return FunctionDefinition.builder().name("get_weather")
                .description("Get current temperature for a given location.")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location",
                                Map.of("type", "string"))))
                        .putAdditionalProperty("required", JsonValue.from(List.of("location")))
                        .build())
                .build();
    }

    public static ChatCompletionCreateParams.Builder weatherParams(String model) {
        return ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("What is the weather like in Paris today?")
                .addFunctionTool(weatherTool());
    }

    /** Everything a streamed answer carried, chunk by chunk. */
    public static final class Collected {
        public final List<String> texts = new ArrayList<>();
        public final List<ChatCompletionChunk.Choice.Delta.ToolCall> toolCalls = new ArrayList<>();
        public final List<String> finishes = new ArrayList<>();
        public final List<CompletionUsage> usages = new ArrayList<>();
        /** Usage chunks that were not the last chunk, or that carried choices: OpenAI sends neither. */
        public int misplacedUsages;
        public int chunks;

        public String text() {
            return String.join("", texts);
        }

        /** The arguments of the tool call at {@code index}, joined from its deltas. */
        public String arguments(long index) {
            StringBuilder out = new StringBuilder();
            for (ChatCompletionChunk.Choice.Delta.ToolCall d : toolCalls) {
                if (d.index() == index) {
                    d.function().flatMap(ChatCompletionChunk.Choice.Delta.ToolCall.Function::arguments)
                            .ifPresent(out::append);
                }
            }
            return out.toString();
        }
    }

    public static Collected collect(StreamResponse<ChatCompletionChunk> stream) {
        Collected c = new Collected();
        try (stream) {
            stream.stream().forEach(chunk -> {
                if (!c.usages.isEmpty()) {
                    c.misplacedUsages++; // a chunk after the usage chunk
                }
                c.chunks++;
                chunk.usage().ifPresent(u -> {
                    if (!chunk.choices().isEmpty()) {
                        c.misplacedUsages++;
                    }
                    c.usages.add(u);
                });
                chunk.choices().forEach(choice -> {
                    choice.delta().content().filter(s -> !s.isEmpty()).ifPresent(c.texts::add);
                    choice.delta().toolCalls().ifPresent(c.toolCalls::addAll);
                    choice.finishReason().ifPresent(f -> c.finishes.add(f.asString()));
                });
            });
        }
        return c;
    }

    /** Writes {@code body} chunked in pieces of {@code piece} bytes, cutting events, lines and UTF-8 anywhere. */
    public static void writeSplit(HttpServerResponse resp, String contentType, byte[] body, int piece) {
        resp.setChunked(true).putHeader("Content-Type", contentType);
        for (int at = 0; at < body.length; at += piece) {
            byte[] part = new byte[Math.min(piece, body.length - at)];
            System.arraycopy(body, at, part, 0, part.length);
            resp.write(Buffer.buffer(part));
        }
        resp.end();
    }
}
