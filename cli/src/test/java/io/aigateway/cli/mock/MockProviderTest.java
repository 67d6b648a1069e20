package io.aigateway.cli.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.models.ModelInfo;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mock provider on a free loopback port, with the official OpenAI Java SDK as its client. */
class MockProviderTest {

    private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("Say hello")
            .build();

    private Vertx vertx;
    private final List<OpenAIClient> clients = new ArrayList<>();
    private final List<AnthropicClient> anthropicClients = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        clients.forEach(OpenAIClient::close);
        anthropicClients.forEach(AnthropicClient::close);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private MockProvider start(MockSettings settings) throws Exception {
        return MockProvider.start(vertx, "127.0.0.1", 0, settings)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private OpenAIClient client(MockProvider provider) {
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + provider.port() + "/v1")
                .apiKey("sk-test-unused")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
        clients.add(client);
        return client;
    }

    @Test
    void shouldAnswerAChatCompletionThatTheSdkParses() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS.withName("mock-a").withStream(5, 0));

        HttpResponseFor<ChatCompletion> raw = client(provider).chat().completions().withRawResponse().create(PARAMS);
        ChatCompletion completion = raw.parse().validate();

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().values(MockProvider.NAME_HEADER)).containsExactly("mock-a");
        assertThat(completion.model()).isEqualTo("gpt-4o-mini");
        assertThat(completion.id()).startsWith("chatcmpl-mock-a-");
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from mock-a. Tokens");
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage()).hasValueSatisfying(usage -> {
            assertThat(usage.completionTokens()).isEqualTo(5);
            assertThat(usage.totalTokens()).isEqualTo(usage.promptTokens() + 5);
        });
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void shouldStreamChunksThatTheSdkParses() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS.withName("mock-b"));

        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = client(provider).chat().completions()
                .createStreaming(PARAMS)) {
            chunks = stream.stream().map(ChatCompletionChunk::validate).toList();
        }

        // A role chunk, 8 content chunks, a finish chunk with usage; [DONE] ends the SDK's stream.
        assertThat(chunks).hasSize(10);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("gpt-4o-mini"));
        assertThat(chunks.get(0).choices().get(0).delta().role())
                .hasValue(ChatCompletionChunk.Choice.Delta.Role.ASSISTANT);
        String text = chunks.stream()
                .flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse(""))
                .reduce("", String::concat);
        assertThat(text).isEqualTo("Hello from mock-b. Tokens keep coming until");
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices().get(0).finishReason()).hasValue(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(last.usage()).hasValueSatisfying(usage -> assertThat(usage.completionTokens()).isEqualTo(8));
    }

    @Test
    void shouldWriteStreamedChunksAsTheChunkDelayPasses() throws Exception {
        int chunkDelay = 150;
        MockProvider provider = start(MockSettings.DEFAULTS.withStream(4, chunkDelay));

        List<Long> arrivals = new ArrayList<>();
        long start = System.nanoTime();
        try (StreamResponse<ChatCompletionChunk> stream = client(provider).chat().completions()
                .createStreaming(PARAMS)) {
            stream.stream().forEach(chunk -> arrivals.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
        }

        // Role, 4 contents, finish: 6 chunks, then [DONE]; 6 delays in all. Buffered, they would arrive together.
        assertThat(arrivals).hasSize(6);
        assertThat(arrivals.get(0)).as("first chunk before the rest are due").isLessThan(5L * chunkDelay);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before chunk %d", i)
                    .isGreaterThanOrEqualTo(chunkDelay / 2);
        }
    }

    @Test
    void shouldFailAnEvenShareOfRequestsWithAnOpenAiErrorBody() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS.withFailures(503, 0.5));
        OpenAIClient client = client(provider);

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            try {
                client.chat().completions().create(PARAMS);
                statuses.add(200);
            } catch (OpenAIServiceException e) {
                assertThat(e).isInstanceOf(InternalServerException.class);
                assertThat(e.type()).hasValue("server_error");
                assertThat(e.getMessage()).contains("failed with 503");
                statuses.add(e.statusCode());
            }
        }

        assertThat(statuses).containsExactly(200, 503, 200, 503, 200, 503);
    }

    @Test
    void shouldFailEveryRequestWithRetryAfterWhenTheRateIsOne() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS.withFailures(429, 1).withRetryAfter(7));

        assertThatThrownBy(() -> client(provider).chat().completions().createStreaming(PARAMS).close())
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(429);
                    assertThat(e.headers().values("Retry-After")).containsExactly("7");
                });
        assertThatThrownBy(() -> client(provider).chat().completions().create(PARAMS))
                .isInstanceOf(RateLimitException.class);
    }

    @Test
    void shouldWaitTheLatencyWithoutHoldingOtherRequests() throws Exception {
        int latency = 400;
        MockProvider provider = start(MockSettings.DEFAULTS.withLatency(latency));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + provider.port() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}"))
                .header("Content-Type", "application/json")
                .build();

        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> responses = IntStream.range(0, 5)
                .mapToObj(i -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .toList();
        CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(responses).allSatisfy(r -> assertThat(r.get().statusCode()).isEqualTo(200));
        assertThat(elapsed).as("each waited the latency").isGreaterThanOrEqualTo(latency);
        // One event loop serves all five: sleeping on it would take 5 x 400 ms.
        assertThat(elapsed).as("the waits overlapped").isLessThan(4L * latency);
    }

    @Test
    void shouldListOneModelThatTheSdkParses() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS.withName("mock-c"));

        List<Model> models = client(provider).models().list().data();

        assertThat(models).singleElement().satisfies(model -> {
            assertThat(model.id()).isEqualTo("mock-gpt");
            assertThat(model.ownedBy()).isEqualTo("mock-c");
        });
    }

    @Test
    void shouldAnswerUnknownPathsAndBadBodiesWithOpenAiErrors() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS);
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + provider.port();

        HttpResponse<String> notFound = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/embeddings"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> badBody = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.body()).contains("\"error\"", "/v1/embeddings");
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(badBody.body()).contains("\"invalid_request_error\"");
        assertThat(badBody.headers().firstValue(MockProvider.NAME_HEADER)).hasValue("mock");
    }

    private AnthropicClient anthropic(MockProvider provider) {
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + provider.port())
                .apiKey("sk-ant-test-unused")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();
        anthropicClients.add(client);
        return client;
    }

    /** An {@code anthropic} target of the gateway can be pointed at the mock: Messages, streamed or not, and errors. */
    @Test
    void shouldAnswerAnthropicMessagesThatTheSdkParses() throws Exception {
        MockProvider provider = start(MockSettings.DEFAULTS.withName("mock-c").withStream(3, 0));
        AnthropicClient client = anthropic(provider);
        MessageCreateParams params = MessageCreateParams.builder().model("claude-3-opus-20240229").maxTokens(64)
                .addUserMessage("Say hello").build();

        Message message = client.messages().create(params).validate();
        assertThat(message.model().asString()).isEqualTo("claude-3-opus-20240229");
        assertThat(message.content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("Hello from mock-c"));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(3);

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (var stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().content()).singleElement().satisfies(block ->
                assertThat(block.asText().text()).isEqualTo("Hello from mock-c"));
        assertThat(accumulator.message().stopReason()).contains(StopReason.END_TURN);

        assertThat(client.models().list().data()).extracting(ModelInfo::id).containsExactly("mock-claude");
        assertThat(client(provider).models().list().data()).extracting(Model::id).containsExactly("mock-gpt");

        MockProvider failing = start(MockSettings.DEFAULTS.withName("mock-d").withFailures(529, 1));
        assertThatThrownBy(() -> anthropic(failing).messages().create(params))
                .isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(529);
                    assertThat(e.getMessage()).contains("overloaded_error", "mock provider mock-d failed with 529");
                });
    }
}
