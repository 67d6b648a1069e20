package io.aigateway.proxy.support;

import static io.aigateway.proxy.support.OpenAiSdk.collect;
import static io.aigateway.proxy.support.OpenAiSdk.weatherParams;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.openai.models.completions.CompletionUsage;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Target;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The official OpenAI Java SDK through a proxy with one upstream {@code u} of one target: what the provider ITs
 * share. Subclasses start their fake on {@link #vertx} and then call {@link #start}.
 */
public abstract class SdkThroughProxy {

    protected Vertx vertx;
    protected ProxyHarness h;
    protected OpenAIClient sdk;
    /** The time the proxy's requests see; a subclass may set its own before {@link #start}. */
    protected Clock clock = Clock.systemUTC();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    /** Starts the proxy with upstream {@code u} round-robin over {@code target}, and the SDK client of it. */
    protected void start(Target target, Map<String, String> credentials) throws Exception {
        startUpstream(credentials, target);
    }

    /** Starts the proxy with upstream {@code u} over {@code targets} (by their priorities), and the SDK client. */
    protected void startUpstream(Map<String, String> credentials, Target... targets) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, targets)),
                credentials, clock);
        sdk = OpenAiSdk.client(h.proxy.port());
    }

    @AfterEach
    void stopAll() throws Exception {
        sdk.close();
        h.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Streams {@code params} asking for the usage chunk. */
    protected OpenAiSdk.Collected streamWithUsage(ChatCompletionCreateParams.Builder params) {
        return collect(sdk.chat().completions().createStreaming(params
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build()));
    }

    /** Streams "Say hello" to {@code model} without {@code stream_options}. */
    protected OpenAiSdk.Collected streamHelloWithoutUsage(String model) {
        return collect(sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello").build()));
    }

    /** Streams "Say hello" to {@code model}, asking for the usage chunk. */
    protected OpenAiSdk.Collected streamHello(String model) {
        return streamWithUsage(ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello"));
    }

    public static void assertUsage(CompletionUsage usage, long prompt, long completion, long total, long cached) {
        assertThat(usage.promptTokens()).isEqualTo(prompt);
        assertThat(usage.completionTokens()).isEqualTo(completion);
        assertThat(usage.totalTokens()).isEqualTo(total);
        assertThat(usage.promptTokensDetails().orElseThrow().cachedTokens()).hasValue(cached);
    }

    /** A plain completion's answer: its text, {@code stop}, and its usage. */
    public static void assertPlainCompletion(ChatCompletion completion, String text, long prompt, long completed,
            long total, long cached) {
        assertThat(completion.choices().get(0).message().content()).hasValue(text);
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertUsage(completion.usage().orElseThrow(), prompt, completed, total, cached);
    }

    /** The streamed "Héllo, wörld 🌍!" in order, one {@code stop}, and exactly one well-placed usage chunk. */
    public static void assertStreamedHello(OpenAiSdk.Collected got, long prompt, long completion, long total,
            long cached) {
        assertThat(got.texts).containsExactly("Héllo", ", wörld", " 🌍", "!");
        assertThat(got.finishes).containsExactly("stop");
        assertThat(got.usages).hasSize(1);
        assertThat(got.misplacedUsages).isZero();
        assertUsage(got.usages.get(0), prompt, completion, total, cached);
    }

    /**
     * One streamed tool call at index 0: its id and name on the first delta, no id on the later ones, and
     * arguments that join to {@code expectedArgs}.
     */
    public static void assertStreamedToolCall(OpenAiSdk.Collected got, String expectedId, String expectedName,
            JsonObject expectedArgs) {
        assertThat(got.toolCalls).isNotEmpty();
        var first = got.toolCalls.get(0);
        assertThat(first.id()).hasValue(expectedId);
        assertThat(first.function().flatMap(f -> f.name())).hasValue(expectedName);
        assertThat(got.toolCalls).allSatisfy(d -> assertThat(d.index()).isZero());
        assertThat(got.toolCalls.subList(1, got.toolCalls.size()))
                .allSatisfy(d -> assertThat(d.id()).isEqualTo(Optional.empty()));
        assertThat(new JsonObject(got.arguments(0))).isEqualTo(expectedArgs);
    }

    /** A {@code tool_calls} finish and one usage chunk of {@code totalTokens}. */
    public static void assertToolCallsFinishAndUsage(OpenAiSdk.Collected got, long totalTokens) {
        assertThat(got.finishes).containsExactly("tool_calls");
        assertThat(got.usages).hasSize(1);
        assertThat(got.usages.get(0).totalTokens()).isEqualTo(totalTokens);
    }

    /**
     * The first answer of a tool round: a {@code tool_calls} finish and a first call of {@code name} with
     * {@code args}; returns that call for the caller's check of its id.
     */
    public static ChatCompletionMessageFunctionToolCall assertToolCalled(ChatCompletion first, String name,
            JsonObject args) {
        assertThat(first.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        ChatCompletionMessageFunctionToolCall call = first.choices().get(0).message().toolCalls().orElseThrow()
                .get(0).asFunction();
        assertThat(call.function().name()).isEqualTo(name);
        assertThat(new JsonObject(call.function().arguments())).isEqualTo(args);
        return call;
    }

    /** The weather question, {@code first}'s answer, and {@code content} as the result of call {@code callId}. */
    protected ChatCompletion answerTool(String model, ChatCompletion first, String callId, String content) {
        return sdk.chat().completions().create(weatherParams(model)
                .addMessage(first.choices().get(0).message().toParam())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(callId).content(content).build())
                .build());
    }

    /** The weather question, {@code first}'s answer, 18 °C for Paris, 14 °C for Bogotá and "Answer in one line.". */
    protected ChatCompletion answerParisAndBogota(String model, ChatCompletion first, String paris, String bogota) {
        return sdk.chat().completions().create(weatherParams(model)
                .addMessage(first.choices().get(0).message().toParam())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(paris).content("18 °C").build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(bogota).content("14 °C").build())
                .addUserMessage("Answer in one line.")
                .build());
    }

    /** The seeds' mixed request: a top-level {@code system} and {@code max_tokens} next to a system message. */
    public static ChatCompletionCreateParams seedsMixedRequest(String model) {
        return ChatCompletionCreateParams.builder().model(model)
                .putAdditionalBodyProperty("system", JsonValue.from("You are terse."))
                .addSystemMessage("Answer in French.").addUserMessage("Hello").maxTokens(50).build();
    }

    /** A plain "hi" to {@code model} fails in the SDK as a 400 carrying {@code message}. */
    protected void assertRefusedWith(String model, String message) {
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("hi").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message);
    }

    /** Streaming "Say hello" to {@code model} raises {@code message} after the text {@code partial}. */
    protected void assertStreamBrokenOff(String model, String message, String partial) {
        List<String> texts = new ArrayList<>();
        assertThatThrownBy(() -> {
            try (var stream = sdk.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                    .model(model).addUserMessage("Say hello").build())) {
                stream.stream().forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(texts::add)));
            }
        }).hasMessageContaining(message);
        assertThat(String.join("", texts)).isEqualTo(partial);
    }

    /** A JSON POST straight to a fake on {@code port}, bypassing the proxy. */
    public static HttpResponse<String> postDirect(int port, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
