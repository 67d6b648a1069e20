package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.aigateway.cli.mock.MockProvider;
import io.aigateway.cli.mock.MockSettings;
import io.aigateway.proxy.support.FakeGoogleTokens;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.StrictGemini;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Loom seed's multi-provider routing (docs/limits.md, health-checks.md, routing-strategies.md, model-routing.md)
 * through {@code java -jar aigw.jar run -f DIR}, as a user runs the YAML a cluster gets: mock providers (an
 * {@code anthropic} target on the mock's Anthropic Messages API, so the gateway translates for it as for the real
 * one) and the proxy tests' fakes of Google's token endpoint, Vertex AI and Azure on 127.0.0.1; the official OpenAI
 * SDK as the client, and the Anthropic SDK where an Anthropic client is meant. One {@code aigw run} per test, each
 * in front of its own providers: a start costs some 5 s, and no test's limits or breakers leak into another.
 */
class AigwRunRoutingIT {

    private static final String CLIENT_KEY = "aigw-routing-test-key";
    private static final String ATTEMPTS = "X-Gateway-Attempts";

    @TempDir
    Path dir;

    private final Vertx vertx = Vertx.vertx();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private MockProvider mock(MockSettings settings) throws Exception {
        return MockProvider.start(vertx, "127.0.0.1", 0, settings)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private MockProvider mock(String name) throws Exception {
        return mock(MockSettings.DEFAULTS.withName(name));
    }

    /** {@code aigw run -f input}, ready, and an OpenAI client of it with {@code clientKey}. */
    private Gateway run(Path input, String clientKey) throws Exception {
        AigwRunProcess run = AigwRunProcess.start(input);
        closing.add(run);
        int port = run.awaitReady();
        OpenAIClient client = AigwRunProcess.client(port, clientKey);
        closing.add(client::close);
        return new Gateway(run, port, client);
    }

    /** An Anthropic client of the gateway; the SDK adds /v1/messages. */
    private AnthropicClient anthropicClient(int port, String clientKey) {
        AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + port)
                .apiKey(clientKey).maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        closing.add(client::close);
        return client;
    }

    private record Gateway(AigwRunProcess run, int port, OpenAIClient client) {

        HttpResponseFor<ChatCompletion> chat(ChatCompletionCreateParams params) {
            return client.chat().completions().withRawResponse().create(params);
        }

        /** The target that served a request for model, checked against the mock that wrote the answer. */
        String servedBy(String model) {
            return servedBy(chat(params(model, null)));
        }

        static String servedBy(HttpResponseFor<ChatCompletion> raw) {
            assertThat(raw.statusCode()).isEqualTo(200);
            String target = raw.headers().values("X-Selected-Target").get(0);
            assertThat(raw.parse().choices().get(0).message().content())
                    .hasValueSatisfying(text -> assertThat(text).startsWith("Hello from " + target + "."));
            return target;
        }
    }

    private static ChatCompletionCreateParams params(String model, Long maxCompletionTokens) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model(model)
                .addUserMessage("Say hello");
        if (maxCompletionTokens != null) {
            params.maxCompletionTokens(maxCompletionTokens);
        }
        return params.build();
    }

    /**
     * A gateway in front of one AIUpstream {@code u} whose spec is {@code upstreamSpec} (YAML, indented under spec),
     * with Secrets {@code provider-keys} (key {@code mock}) and the client key; extra documents appended.
     */
    private Path input(String upstreamSpec, String... extraDocuments) throws IOException {
        String yaml = """
                apiVersion: aigateway.io/v1alpha1
                kind: AIGateway
                metadata: {name: gw}
                spec:
                  clientKeyHeaders: [{name: Authorization, scheme: Bearer}]
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata: {name: u}
                spec:
                %s
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIService
                metadata: {name: svc}
                spec: {upstreamRef: {name: u}}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIRule
                metadata: {name: rule}
                spec: {gatewayRef: {name: gw}, serviceRef: {name: svc}, path: /v1, methods: [POST, GET]}
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata: {name: client}
                spec: {gatewayRef: {name: gw}, secretRef: {name: client-key, key: key}}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: client-key}
                stringData: {key: %s}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: provider-keys}
                stringData: {mock: sk-mock-provider-key}
                """.formatted(upstreamSpec.strip().indent(2).stripTrailing(), CLIENT_KEY);
        Path input = Files.createDirectories(dir.resolve("input"));
        Files.writeString(input.resolve("gateway.yaml"), yaml + String.join("", extraDocuments));
        return input;
    }

    /** An OpenAI-compatible target on a mock, as a line of the upstream's targets. */
    private static String target(String name, MockProvider mock, String more) {
        return ("  - {name: %s, provider: openai-compatible, baseUrl: 'http://127.0.0.1:%d/v1', %s"
                + " credentials: {apiKey: {name: provider-keys, key: mock}}}\n").formatted(name, mock.port(), more);
    }

    /**
     * samples/loom-routing, the seed's Complete Example, with its endpoints on mocks and lower limits: a client's
     * gpt-4 reaches OpenAI as gpt-4-turbo-preview, fails over tier by tier as each target reaches its own
     * rateLimit (Anthropic's mock speaking Anthropic Messages, translated), and gets 429 with Retry-After once all
     * are limited; GET /v1/models lists the client-facing names.
     * Seed: "Complete Example", "Rate Limiting Per Provider", "Model Mapping", "Priority-Based Routing".
     */
    @Test
    void shouldServeTheLoomSampleMappingGpt4PerTargetAndFailingOverAsEachTargetIsLimited() throws Exception {
        MockProvider openai = mock("openai");
        MockProvider anthropic = mock("anthropic");
        MockProvider local = mock("local");
        Path input = Files.createDirectories(dir.resolve("loom-routing"));
        Path sample = TestPaths.samples().resolve("loom-routing");
        Files.copy(sample.resolve("secrets.yaml"), input.resolve("secrets.yaml"));
        String gateway = Files.readString(sample.resolve("gateway.yaml"));
        for (String expected : List.of("https://api.openai.com/v1", "https://api.anthropic.com/v1",
                "http://llm-server:8000/v1", "requestsPerMinute: 500\n", "requestsPerMinute: 1000\n",
                "      cost: {inputPer1k: 0, outputPer1k: 0}\n")) {
            assertThat(gateway).contains(expected);
        }
        Files.writeString(input.resolve("gateway.yaml"), gateway
                .replace("https://api.openai.com/v1", "http://127.0.0.1:" + openai.port() + "/v1")
                .replace("https://api.anthropic.com/v1", "http://127.0.0.1:" + anthropic.port() + "/v1")
                .replace("http://llm-server:8000/v1", "http://127.0.0.1:" + local.port() + "/v1")
                .replace("requestsPerMinute: 500\n", "requestsPerMinute: 2\n")
                .replace("requestsPerMinute: 1000\n", "requestsPerMinute: 1\n")
                .replace("      cost: {inputPer1k: 0, outputPer1k: 0}\n",
                        "      cost: {inputPer1k: 0, outputPer1k: 0}\n      rateLimit: {requestsPerMinute: 1}\n"));
        Gateway gw = run(input, "aigw-replace-me-loom");
        startWellInsideAMinute();

        assertThat(gw.client().models().list().data()).extracting(Model::id)
                .contains("gpt-4", "gpt-3.5-turbo", "llama-2-70b")
                .doesNotContain("gpt-4-turbo-preview", "claude-3-opus-20240229");

        ChatCompletionCreateParams gpt4 = params("gpt-4", null);
        HttpResponseFor<ChatCompletion> first = gw.chat(gpt4);
        assertThat(Gateway.servedBy(first)).isEqualTo("openai");
        assertThat(first.parse().model()).as("the model the openai mock received and echoed")
                .isEqualTo("gpt-4-turbo-preview");
        AnthropicClient anthropicClient = anthropicClient(gw.port(), "aigw-replace-me-loom");
        MessageCreateParams message = MessageCreateParams.builder().model("gpt-4").maxTokens(64)
                .addUserMessage("Say hello").build();
        Message second = anthropicClient.messages().create(message);
        assertThat(second.model().asString()).as("an Anthropic client's gpt-4, translated for the openai target")
                .isEqualTo("gpt-4-turbo-preview");
        assertThat(second.content().get(0).asText().text()).startsWith("Hello from openai.");

        HttpResponseFor<ChatCompletion> third = gw.chat(gpt4);
        assertThat(Gateway.servedBy(third)).isEqualTo("anthropic");
        assertThat(third.headers().values(ATTEMPTS)).containsExactly("openai=rate_limited, anthropic=200");
        assertThat(third.parse().model()).as("translated to Anthropic Messages and back")
                .isEqualTo("claude-3-opus-20240229");

        HttpResponseFor<ChatCompletion> fourth = gw.chat(gpt4);
        assertThat(Gateway.servedBy(fourth)).isEqualTo("local");
        assertThat(fourth.headers().values(ATTEMPTS))
                .containsExactly("openai=rate_limited, anthropic=rate_limited, local=200");
        assertThat(fourth.parse().model()).isEqualTo("llama-2-70b");

        assertThatThrownBy(() -> gw.chat(gpt4)).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.headers().values("Retry-After")).singleElement()
                    .satisfies(seconds -> assertThat(Integer.parseInt(seconds)).isBetween(1, 60));
            assertThat(e.headers().values(ATTEMPTS))
                    .containsExactly("openai=rate_limited, anthropic=rate_limited, local=rate_limited");
            assertThat(e.code()).hasValue("rate_limit_exceeded");
            assertThat(e.getMessage()).contains("openai: rate limited (requestsPerMinute)",
                    "anthropic: rate limited (requestsPerMinute)", "local: rate limited (requestsPerMinute)");
        });
        assertThatThrownBy(() -> anthropicClient.messages().create(message))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                    assertThat(e.headers().values("Retry-After")).hasSize(1);
                    assertThat(e.getMessage()).contains("rate_limit_error");
                });
        assertThat(gw.run().scrape()).contains("aigw_target_limited_total{gateway=\"loom\",limit=\"requestsPerMinute\","
                + "rule=\"loom-v1\",target=\"openai\"} 4.0");
        assertThat(List.of(openai.requests(), anthropic.requests(), local.requests()))
                .as("no limited target was sent a request").containsExactly(2L, 1L, 1L);
    }

    /**
     * A target answering 500 is taken out after threshold failures in a row and the next tier serves, without trying
     * it; once the interval is over, trial requests go to it again, and successThreshold of them bring it back.
     * Seed: "Circuit Breaker" (failure_threshold, success_threshold, timeout), "Basic Failover" (retry_codes 500).
     */
    @Test
    void shouldOpenTheBreakerOfATargetAnswering500AfterThresholdFailuresAndCloseItAfterSuccessfulTrials()
            throws Exception {
        MockProvider flaky = mock(MockSettings.DEFAULTS.withName("flaky").withFailures(500, 1));
        MockProvider steady = mock("steady");
        Gateway gw = run(input("""
                targets:
                %s%s
                healthChecks: {passive: true, threshold: 3, interval: 2, successThreshold: 2, halfOpenRequests: 1}
                failover: {maxAttempts: 2}
                """.formatted(target("flaky", flaky, "priority: 1,"), target("steady", steady, "priority: 2,"))),
                CLIENT_KEY);

        for (int i = 0; i < 3; i++) {
            HttpResponseFor<ChatCompletion> raw = gw.chat(params("gpt-4o", null));
            assertThat(Gateway.servedBy(raw)).isEqualTo("steady");
            assertThat(raw.headers().values(ATTEMPTS)).containsExactly("flaky=500(status), steady=200");
        }
        HttpResponseFor<ChatCompletion> open = gw.chat(params("gpt-4o", null));
        assertThat(Gateway.servedBy(open)).isEqualTo("steady");
        assertThat(open.headers().values(ATTEMPTS)).as("open: flaky is not tried").containsExactly("steady=200");
        assertThat(flaky.requests()).isEqualTo(3);
        assertThat(gw.run().metric("aigw_target_healthy", "flaky")).isEqualTo("0.0");
        assertThat(gw.run().metric("aigw_target_healthy", "steady")).isEqualTo("1.0");
        assertThat(gw.run().scrape()).contains(
                "aigw_breaker_transitions_total{state=\"open\",target=\"flaky\",upstream=\"u\"}");

        flaky.recover();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .alias("a trial request after the interval").until(() -> gw.servedBy("gpt-4o").equals("flaky"));
        assertThat(gw.run().metric("aigw_target_healthy", "flaky")).as("half-open: one success of two")
                .isEqualTo("0.0");
        assertThat(gw.servedBy("gpt-4o")).as("the second trial").isEqualTo("flaky");
        assertThat(gw.run().metric("aigw_target_healthy", "flaky")).isEqualTo("1.0");
        assertThat(gw.run().scrape()).contains(
                "aigw_breaker_transitions_total{state=\"closed\",target=\"flaky\",upstream=\"u\"} 1.0");
        assertThat(flaky.requests()).as("3 failures, then 2 trials").isEqualTo(5);
    }

    /**
     * Per-target tokensPerMinute: a request reserves its prompt estimate plus its max_completion_tokens, so a request
     * with a large cap skips a target whose minute cannot hold it while one with a small cap is still sent there.
     * Seed: "Rate Limiting Per Provider" (tokens_per_minute).
     */
    @Test
    void shouldSkipATargetWhoseTokensPerMinuteCannotHoldTheRequest() throws Exception {
        MockProvider small = mock("small");
        MockProvider big = mock("big");
        Gateway gw = run(input("""
                targets:
                %s%s""".formatted(target("small", small, "priority: 1, rateLimit: {tokensPerMinute: 600},"),
                target("big", big, "priority: 2,"))), CLIENT_KEY);

        assertThat(Gateway.servedBy(gw.chat(params("gpt-4o", 1_000L))))
                .as("larger than the whole minute, sent while nothing is counted").isEqualTo("small");
        HttpResponseFor<ChatCompletion> large = gw.chat(params("gpt-4o", 1_000L));
        assertThat(Gateway.servedBy(large)).isEqualTo("big");
        assertThat(large.headers().values(ATTEMPTS)).containsExactly("small=rate_limited, big=200");
        assertThat(Gateway.servedBy(gw.chat(params("gpt-4o", 100L)))).as("the usage counted, room for 100 more")
                .isEqualTo("small");
        assertThat(gw.run().scrape()).contains("limit=\"tokensPerMinute\",rule=\"rule\",target=\"small\"} 1.0");
    }

    /**
     * lowest-cost: the cheaper target for each request's expected tokens, so the answer cap changes which one.
     * cheap-in is cheap for prompts and dear for answers, cheap-out the other way round: a "Say hello" prompt of
     * some 20 tokens makes cheap-in cheaper up to about 3 answer tokens. Seed: "Cost-Optimized".
     */
    @Test
    void shouldSendEachRequestToTheCheapestTargetForItsMaxTokens() throws Exception {
        MockProvider cheapIn = mock("cheap-in");
        MockProvider cheapOut = mock("cheap-out");
        Gateway gw = run(input("""
                algorithm: lowest-cost
                targets:
                %s%s""".formatted(target("cheap-in", cheapIn, "cost: {inputPer1k: 0.001, outputPer1k: 0.1},"),
                target("cheap-out", cheapOut, "cost: {inputPer1k: 0.01, outputPer1k: 0.02},"))), CLIENT_KEY);

        for (int i = 0; i < 3; i++) {
            assertThat(Gateway.servedBy(gw.chat(params("gpt-4o", 1L)))).isEqualTo("cheap-in");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(Gateway.servedBy(gw.chat(params("gpt-4o", 1_000L)))).isEqualTo("cheap-out");
        }
        assertThat(Gateway.servedBy(gw.chat(params("gpt-4o", null)))).as("no cap: 512 answer tokens")
                .isEqualTo("cheap-out");
        assertThat(List.of(cheapIn.requests(), cheapOut.requests())).containsExactly(3L, 4L);
    }

    /**
     * lowest-latency: each target first earns 3 samples, then the faster one serves every request.
     * Seed: "Latency-Optimized" (window, percentile).
     */
    @Test
    void shouldSendRequestsToTheFasterTargetOnceBothAreMeasured() throws Exception {
        MockProvider fast = mock("fast");
        MockProvider slow = mock(MockSettings.DEFAULTS.withName("slow").withLatency(150));
        Gateway gw = run(input("""
                algorithm: lowest-latency
                latency: {window: 5m, percentile: 95}
                targets:
                %s%s""".formatted(target("slow", slow, ""), target("fast", fast, ""))), CLIENT_KEY);

        List<String> exploring = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            exploring.add(gw.servedBy("gpt-4o"));
        }
        assertThat(exploring).as("3 samples each first").containsOnly("slow", "fast")
                .filteredOn("fast"::equals).hasSize(3);
        for (int i = 0; i < 5; i++) {
            assertThat(gw.servedBy("gpt-4o")).isEqualTo("fast");
        }
        assertThat(slow.requests()).isEqualTo(3);
        assertThat(Double.parseDouble(gw.run().metric("aigw_target_latency_seconds", "slow"))).isGreaterThan(
                Double.parseDouble(gw.run().metric("aigw_target_latency_seconds", "fast")));
    }

    /**
     * modelRoutes: gpt-4 to one target, the claude models to another, every other model to the default route's.
     * Routes name exact models (as the seed's model_routes do). Seed: "Model-Based Routing".
     */
    @Test
    void shouldSendEachRoutedModelToItsTargetAndEveryOtherToTheDefault() throws Exception {
        MockProvider gpt = mock("gpt");
        MockProvider claude = mock("claude");
        MockProvider spare = mock("spare");
        Gateway gw = run(input("""
                modelRoutes:
                  - {model: gpt-4, targets: [gpt]}
                  - {model: claude-3-opus, targets: [claude]}
                  - {model: claude-3-sonnet, targets: [claude]}
                  - {model: default, targets: [spare]}
                targets:
                %s%s%s""".formatted(target("gpt", gpt, ""), target("claude", claude, ""),
                target("spare", spare, ""))), CLIENT_KEY);

        List<String> served = new ArrayList<>();
        for (String model : List.of("gpt-4", "claude-3-opus", "claude-3-sonnet", "mistral-large", "gpt-4",
                "llama-3")) {
            served.add(model + " -> " + gw.servedBy(model));
        }

        assertThat(served).containsExactly("gpt-4 -> gpt", "claude-3-opus -> claude", "claude-3-sonnet -> claude",
                "mistral-large -> spare", "gpt-4 -> gpt", "llama-3 -> spare");
        assertThat(gw.client().models().list().data()).extracting(Model::id)
                .containsExactlyInAnyOrder("gpt-4", "claude-3-opus", "claude-3-sonnet");
    }

    /**
     * A vertex target whose service account key sits in a Secret: aigw run exchanges it at the key's token_uri (a
     * fake of Google's, which checks the signed assertion) and calls the fake Vertex AI with that token; the OpenAI
     * client gets Gemini's answer translated. Seed: "Google Vertex AI" (project_id, location, credentials_file).
     */
    @Test
    void shouldServeAVertexTargetWithTheTokenItsServiceAccountKeyGets() throws Exception {
        FakeGoogleTokens tokens = FakeGoogleTokens.start(vertx, Clock.systemUTC());
        closing.add(tokens);
        StrictGemini vertexAi = StrictGemini.vertex(vertx, "test-project", "us-central1", tokens::valid);
        closing.add(vertexAi);
        Gateway gw = run(input("""
                targets:
                  - name: vertex
                    provider: vertex
                    baseUrl: http://127.0.0.1:%d/v1
                    credentials:
                      vertex:
                        serviceAccountKey: {name: gcp-service-account, key: key.json}
                        projectId: test-project
                        location: us-central1
                """.formatted(vertexAi.port()), """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: gcp-service-account}
                stringData:
                  key.json: |
                    %s
                """.formatted(tokens.serviceAccountJson().replace("\n", "\n    "))), CLIENT_KEY);

        HttpResponseFor<ChatCompletion> raw = gw.chat(params("gemini-2.5-flash", null));

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.parse().choices().get(0).message().content()).hasValue("Hello from Gemini");
        assertThat(tokens.refused()).isEmpty();
        assertThat(tokens.issued()).hasSize(1);
        assertThat(vertexAi.last().uri()).isEqualTo("/v1/projects/test-project/locations/us-central1/publishers/"
                + "google/models/gemini-2.5-flash:generateContent");
        assertThat(vertexAi.last().headers().get("Authorization")).isEqualTo("Bearer " + tokens.issued().get(0));
        assertThat(gw.run().output()).doesNotContain("PRIVATE KEY", tokens.issued().get(0));
    }

    /**
     * An Azure target picks its deployment by the model it receives (after the mapping), else its default one, and
     * sends the key as api-key. Seed: "Azure OpenAI" (api_version, deployments), with "Model Mapping".
     */
    @Test
    void shouldSendEachModelToItsAzureDeployment() throws Exception {
        FakeUpstream azure = FakeUpstream.start(vertx, "azure");
        closing.add(azure);
        Gateway gw = run(input("""
                modelMapping:
                  - {model: gpt-4, targets: {azure: gpt-4-turbo}}
                targets:
                  - name: azure
                    provider: azure
                    baseUrl: http://127.0.0.1:%d
                    credentials:
                      azure:
                        apiKey: {name: provider-keys, key: mock}
                        apiVersion: 2024-02-15-preview
                        deployment: my-gpt35-deployment
                        deployments: {gpt-4-turbo: my-gpt4-deployment}
                """.formatted(azure.port())), CLIENT_KEY);

        for (String model : List.of("gpt-4", "gpt-35-turbo")) {
            HttpResponseFor<ChatCompletion> raw = gw.chat(params(model, null));
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().values("X-Selected-Target")).containsExactly("azure");
        }

        assertThat(azure.received()).extracting(FakeUpstream.Received::uri).containsExactly(
                "/openai/deployments/my-gpt4-deployment/chat/completions?api-version=2024-02-15-preview",
                "/openai/deployments/my-gpt35-deployment/chat/completions?api-version=2024-02-15-preview");
        assertThat(azure.received()).extracting(r -> new JsonObject(r.body()).getString("model"))
                .containsExactly("gpt-4-turbo", "gpt-35-turbo");
        assertThat(azure.received()).allSatisfy(r -> {
            assertThat(r.headers().get("api-key")).isEqualTo("sk-mock-provider-key");
            assertThat(r.headers().get("Authorization")).isNull();
        });
    }

    /**
     * Limits count requests per calendar minute (the gateway's clock is the real one here): a sequence that must
     * stay in one window starts at least 15 s before the next. A new window mid-test let a limited target serve again.
     */
    private static void startWellInsideAMinute() throws InterruptedException {
        long intoMinute = System.currentTimeMillis() % 60_000;
        if (intoMinute > 45_000) {
            Thread.sleep(60_000 - intoMinute + 100);
        }
    }
}
