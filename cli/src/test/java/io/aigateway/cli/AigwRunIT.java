package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.aigateway.cli.mock.MockProvider;
import io.aigateway.cli.mock.MockSettings;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar aigw.jar run -f samples/local}, as the quickstart runs it, in front of two mock providers on
 * free ports: both answer, a change to the input is served without a restart, a broken change is not, and the
 * process stops cleanly; an edit the API server would reject leaves that resource as it was and fails no request;
 * active health checks take a stopped mock out before a request reaches it.
 */
class AigwRunIT {

    private static final String CLIENT_KEY = "aigw-local-demo-key";
    private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("Hello")
            .build();

    @TempDir
    Path dir;

    private Vertx vertx;
    private AigwRunProcess run;
    private OpenAIClient client;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (run != null) {
            run.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private MockProvider mock(String name) throws Exception {
        return MockProvider.start(vertx, "127.0.0.1", 0, MockSettings.DEFAULTS.withName(name).withStream(4, 20))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** samples/local with its mock ports replaced. */
    private Path localSample(int portA, int portB) throws IOException {
        Path copy = Files.createDirectories(dir.resolve("local"));
        for (String file : List.of("gateway.yaml", "secrets.yaml")) {
            String yaml = Files.readString(TestPaths.samples().resolve("local").resolve(file));
            Files.writeString(copy.resolve(file), yaml.replace("127.0.0.1:9001", "127.0.0.1:" + portA)
                    .replace("127.0.0.1:9002", "127.0.0.1:" + portB));
        }
        return copy;
    }

    private void startRun(Path input) throws IOException {
        run = AigwRunProcess.start(input);
    }

    private void connect(int port) {
        client = AigwRunProcess.client(port, CLIENT_KEY);
    }

    /** The mock that answered, and the target the gateway says it chose: "mock-a as mock-a". */
    private String answeredBy() {
        HttpResponseFor<ChatCompletion> response = client.chat().completions().withRawResponse().create(PARAMS);
        ChatCompletion completion = response.parse();
        String provider = response.headers().values(MockProvider.NAME_HEADER).get(0);
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(
                text -> assertThat(text).startsWith("Hello from " + provider));
        return provider + " as " + String.join(",", response.headers().values("X-Selected-Target"));
    }

    /**
     * Edits the API server would reject, made while requests run: each keeps the previous version of its resource,
     * says so with the validation line, and no request fails. Problems in resources the gateway does not use are
     * reported at start, which goes on.
     */
    @Test
    void shouldKeepServingThroughEditsTheApiServerWouldReject() throws Exception {
        MockProvider mockA = mock("mock-a");
        MockProvider mockB = mock("mock-b");
        Path input = localSample(mockA.port(), mockB.port());
        Path unused = Files.writeString(input.resolve("unused.yaml"), RunCommandTest.REJECTED);
        startRun(input);
        int port = run.awaitReady();
        // Printed before it listens; read by another thread than stdout.
        await().atMost(Duration.ofSeconds(5)).alias("the problems of unused.yaml on stderr")
                .until(() -> run.err().containsAll(RunCommandTest.rejectionsOf(unused)));
        connect(port);

        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        List<String> failures = new CopyOnWriteArrayList<>();
        Thread load = new Thread(() -> {
            while (loading.get()) {
                try {
                    answeredBy();
                    answered.incrementAndGet();
                } catch (RuntimeException | AssertionError e) {
                    failures.add(e.toString());
                }
            }
        }, "load");
        load.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= 20);
            Path gateway = input.resolve("gateway.yaml");
            String original = Files.readString(gateway);
            List<String> edits = List.of(
                    // What the operator did: the schema says weight >= 1.
                    original.replaceFirst("      priority: 1\n", "      priority: 1\n      weight: 0\n"),
                    // A typo in a field name.
                    original.replaceFirst("      priority: 1\n", "      priority: 1\n      wieght: 2\n"));
            List<String> expected = List.of(
                    "AIUpstream default/local-mocks: spec.targets[0].weight: must have a minimum value of 1 ("
                            + gateway + "#2)",
                    "AIUpstream default/local-mocks: spec.targets[0].wieght: unknown field (" + gateway + "#2)");
            for (int i = 0; i < edits.size(); i++) {
                String line = expected.get(i);
                Files.writeString(gateway, edits.get(i));
                await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                        .alias("aigw run reports " + line).until(() -> run.err().contains(line));
                int before = answered.get();
                await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= before + 20);
            }
            // A Secret whose data is not base64: the provider key stays the one from before.
            Path secrets = input.resolve("secrets.yaml");
            Files.writeString(secrets, Files.readString(secrets).replace("stringData:\n  mock: sk-local-mock-provider-key",
                    "data:\n  mock: c2stbG9jYWwt@bW9jaw=="));
            String secretLine = "Secret default/local-provider-keys: data.mock: not valid base64 (" + secrets + "#1)";
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                    .alias("aigw run reports " + secretLine).until(() -> run.err().contains(secretLine));
            int before = answered.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> answered.get() >= before + 20);
        } finally {
            loading.set(false);
            load.join(30_000);
        }

        assertThat(failures).as(run.output()).isEmpty();
        assertThat(run.err()).contains(
                "aigw run: AIUpstream default/local-mocks would be rejected by the API server; its previous version "
                        + "stays in use",
                "aigw run: Secret default/local-provider-keys would be rejected by the API server; its previous "
                        + "version stays in use");
        assertThat(run.out()).noneMatch(line -> line.contains("none: every request gets 404"));
        assertThat(String.join("\n", run.err())).as(run.output()).doesNotContain("aigw validate' to see why",
                "no longer in the input", "c2stbG9jYWwt", "sk-local-mock-provider-key", CLIENT_KEY);
    }

    /**
     * A provider Secret that loses the key an upstream reads: the route keeps its path and answers 503 in the
     * client's format naming the upstream and why, not 404; putting the key back serves again.
     */
    @Test
    void shouldAnswer503NamingWhatIsMissingWhileAReferencedSecretKeyIsGone() throws Exception {
        MockProvider mockA = mock("mock-a");
        MockProvider mockB = mock("mock-b");
        Path input = localSample(mockA.port(), mockB.port());
        startRun(input);
        connect(run.awaitReady());
        assertThat(answeredBy()).startsWith("mock-");

        Path secrets = input.resolve("secrets.yaml");
        String original = Files.readString(secrets);
        Files.writeString(secrets, original.replace("  mock: sk-local", "  renamed: sk-local"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("the route answers 503")
                .untilAsserted(() -> assertThatThrownBy(() -> client.chat().completions().create(PARAMS))
                        .isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
                            assertThat(e.statusCode()).isEqualTo(503);
                            assertThat(e.code()).hasValue("route_unavailable");
                            assertThat(e.getMessage()).contains("The route 'local-v1' cannot serve requests: "
                                    + "its AIUpstream 'local-mocks' was not accepted (SecretKeyNotFound)");
                        }));
        assertThat(run.out()).anyMatch(line -> line.contains("-> 503: The route 'local-v1' cannot serve requests"));

        Files.writeString(secrets, original);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("served again").ignoreExceptions().until(() -> answeredBy().startsWith("mock-"));
    }

    @Test
    void shouldServeTheLocalSampleAndFollowChangesToIt() throws Exception {
        MockProvider mockA = mock("mock-a");
        MockProvider mockB = mock("mock-b");
        MockProvider mockC = mock("mock-c");
        Path input = localSample(mockA.port(), mockB.port());
        run = AigwRunProcess.start(input, "--event-loops", "3");
        int port = run.awaitReady();
        assertThat(String.join("\n", run.out())).contains("AIGateway default/local listening on", "event loops: 3\n",
                "mock-a  http://127.0.0.1:" + mockA.port() + "/v1", "client keys: local-demo");
        connect(port);

        // Round robin over both mocks.
        Set<String> providers = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            providers.add(answeredBy());
        }
        assertThat(providers).containsExactlyInAnyOrder("mock-a as mock-a", "mock-b as mock-b");

        // Streamed through the gateway, parsed by the SDK.
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(PARAMS)) {
            assertThat(stream.stream().toList()).hasSize(6);
        }

        // mock-b's target now points at mock-c: served after a recompile, without a restart.
        Path gateway = input.resolve("gateway.yaml");
        String original = Files.readString(gateway);
        Files.writeString(gateway, original.replace("127.0.0.1:" + mockB.port(), "127.0.0.1:" + mockC.port()));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("a request answered by mock-c")
                .until(() -> answeredBy().equals("mock-c as mock-b"));
        long mockBRequests = mockB.requests();
        assertThat(run.out()).anyMatch(line -> line.startsWith("input changed; config revision "));
        assertThat(run.out()).anyMatch(line -> line.contains("mock-b  http://127.0.0.1:" + mockC.port() + "/v1"));

        // A change that leaves the gateway out keeps the running config.
        Files.writeString(gateway, original.replaceFirst("kind: AIGateway", "kind: AIGatewayTypo"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("aigw run says it keeps the running config")
                .until(() -> run.err().stream().anyMatch(line -> line.contains("keeping the running config")));
        assertThat(run.err()).contains("aigw run: input changed; keeping the running config: the input cannot be read: "
                + gateway + "#1: unknown kind AIGatewayTypo in aigateway.io/v1alpha1");
        providers.clear();
        for (int i = 0; i < 4; i++) {
            providers.add(answeredBy());
        }
        assertThat(providers).containsExactlyInAnyOrder("mock-a as mock-a", "mock-c as mock-b");

        // SIGTERM, as Ctrl-C: the shutdown hook stops the proxy and deletes the config files.
        // Process.destroy() would close the streams too, losing what the hook prints.
        assertThat(run.process().toHandle().destroy()).isTrue();
        assertThat(run.process().waitFor(20, TimeUnit.SECONDS)).as("aigw run stopped").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> run.out().contains("stopped"));
        Path configFiles = Path.of(run.out().stream().filter(line -> line.startsWith("config files: ")).findFirst()
                .orElseThrow().replaceFirst("^config files: (.*) \\(deleted on exit\\)$", "$1"));
        assertThat(configFiles).isAbsolute().doesNotExist();
        assertThat(String.join("\n", run.err())).as(run.output()).doesNotContain("Exception", CLIENT_KEY,
                "sk-local-mock-provider-key");
        assertThat(String.join("\n", run.out())).doesNotContain(CLIENT_KEY, "sk-local-mock-provider-key");
        assertThat(mockB.requests()).as("mock-b served nothing after the change").isEqualTo(mockBRequests);
    }

    /**
     * samples/local with active checks every second and a breaker interval of 2 s: a mock that stops is taken out by
     * its probes before any request reaches it, and comes back once it answers again.
     */
    @Test
    void shouldTakeAStoppedMockOutByItsActiveChecksAndBringItBack() throws Exception {
        MockProvider mockA = mock("mock-a");
        MockProvider mockB = mock("mock-b");
        int portB = mockB.port();
        Path input = localSample(mockA.port(), portB);
        Path gateway = input.resolve("gateway.yaml");
        String yaml = Files.readString(gateway);
        assertThat(yaml).contains("    interval: 10\n");
        Files.writeString(gateway, yaml.replace("    interval: 10\n",
                "    interval: 2\n    active: {interval: 1, timeout: 1}\n"));
        startRun(input);
        connect(run.awaitReady());
        assertThat(run.out()).anyMatch(line -> line.contains("targets probed every 1 s"));

        mockB.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).alias("mock-b taken out")
                .until(() -> run.metric("aigw_target_healthy", "mock-b").equals("0.0"));
        Set<String> providers = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            providers.add(answeredBy());
        }
        assertThat(providers).containsExactly("mock-a as mock-a");
        assertThat(run.scrape()).as("no request tried mock-b").doesNotContain("aigw_failovers_total{");

        MockProvider back = MockProvider.start(vertx, "127.0.0.1", portB, MockSettings.DEFAULTS.withName("mock-b"))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).alias("mock-b back")
                .until(() -> run.metric("aigw_target_healthy", "mock-b").equals("1.0"));
        providers.clear();
        for (int i = 0; i < 4; i++) {
            providers.add(answeredBy());
        }
        assertThat(providers).containsExactlyInAnyOrder("mock-a as mock-a", "mock-b as mock-b");
        assertThat(back.requests()).isGreaterThan(0);
    }

    /** The round-robin sample, as the cluster quickstart applies it: its rule lets GET …/models through. */
    @Test
    void shouldListTheModelsOfTheRoundRobinSample() throws Exception {
        startRun(TestPaths.samples().resolve("round-robin"));
        int port = run.awaitReady();
        client = AigwRunProcess.client(port, "aigw-replace-me-team-a");

        assertThat(client.models().list().data()).extracting(Model::id).containsExactly(
                "claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "gpt-4", "gpt-4o-mini");
    }
}
