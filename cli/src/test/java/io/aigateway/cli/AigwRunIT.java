package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.models.Model;
import io.aigateway.cli.mock.MockProvider;
import io.aigateway.cli.mock.MockSettings;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar aigw.jar run -f samples/local}, as the quickstart runs it, in front of two mock providers on
 * free ports: both answer, a change to the input is served without a restart, a broken change is not, and the
 * process stops cleanly.
 */
class AigwRunIT {

    private static final String CLIENT_KEY = "aigw-local-demo-key";
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+) ");
    private static final ChatCompletionCreateParams PARAMS = ChatCompletionCreateParams.builder()
            .model("gpt-4o-mini")
            .addUserMessage("Hello")
            .build();

    @TempDir
    Path dir;

    private Vertx vertx;
    private Process process;
    private OpenAIClient client;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (process != null && process.isAlive()) {
            // SIGTERM first, so that a failed test leaves no config files behind either.
            process.toHandle().destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
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
        Path jar = Path.of(System.getProperty("aigw.jar", "target/aigw.jar"));
        assertThat(jar).isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "run", "-f", input.toString(), "--port", "0", "--admin-port", "0"));
        process = new ProcessBuilder(command).start();
        collect(process.getInputStream(), out);
        collect(process.getErrorStream(), err);
    }

    private static void collect(InputStream stream, List<String> lines) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (IOException | UncheckedIOException e) {
                // The process ended.
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private String output() {
        return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err);
    }

    private int awaitReady() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .alias("aigw run is ready")
                .until(() -> out.contains("ready") || !process.isAlive());
        assertThat(process.isAlive()).as(output()).isTrue();
        Matcher listening = out.stream().map(LISTENING::matcher).filter(Matcher::find).findFirst().orElseThrow();
        return Integer.parseInt(listening.group(1));
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

    @Test
    void shouldServeTheLocalSampleAndFollowChangesToIt() throws Exception {
        MockProvider mockA = mock("mock-a");
        MockProvider mockB = mock("mock-b");
        MockProvider mockC = mock("mock-c");
        Path input = localSample(mockA.port(), mockB.port());
        startRun(input);
        int port = awaitReady();
        assertThat(String.join("\n", out)).contains("AIGateway default/local listening on",
                "mock-a  http://127.0.0.1:" + mockA.port() + "/v1", "client keys: local-demo");
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey(CLIENT_KEY)
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();

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
        assertThat(out).anyMatch(line -> line.startsWith("input changed; config revision "));
        assertThat(out).anyMatch(line -> line.contains("mock-b  http://127.0.0.1:" + mockC.port() + "/v1"));

        // A change that leaves the gateway out keeps the running config.
        Files.writeString(gateway, original.replaceFirst("kind: AIGateway", "kind: AIGatewayTypo"));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .alias("aigw run says it keeps the running config")
                .until(() -> err.stream().anyMatch(line -> line.contains("keeping the running config")));
        assertThat(err).anyMatch(line -> line.contains("AIGateway default/local is no longer in the input"));
        providers.clear();
        for (int i = 0; i < 4; i++) {
            providers.add(answeredBy());
        }
        assertThat(providers).containsExactlyInAnyOrder("mock-a as mock-a", "mock-c as mock-b");

        // SIGTERM, as Ctrl-C: the shutdown hook stops the proxy and deletes the config files.
        // Process.destroy() would close the streams too, losing what the hook prints.
        assertThat(process.toHandle().destroy()).isTrue();
        assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("aigw run stopped").isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> out.contains("stopped"));
        Path configFiles = Path.of(out.stream().filter(line -> line.startsWith("config files: ")).findFirst()
                .orElseThrow().replaceFirst("^config files: (.*) \\(deleted on exit\\)$", "$1"));
        assertThat(configFiles).isAbsolute().doesNotExist();
        assertThat(String.join("\n", err)).as(output()).doesNotContain("Exception", CLIENT_KEY,
                "sk-local-mock-provider-key");
        assertThat(String.join("\n", out)).doesNotContain(CLIENT_KEY, "sk-local-mock-provider-key");
        assertThat(mockB.requests()).as("mock-b served nothing after the change").isEqualTo(mockBRequests);
    }

    /** The round-robin sample, as the cluster quickstart applies it: its rule lets GET …/models through. */
    @Test
    void shouldListTheModelsOfTheRoundRobinSample() throws Exception {
        startRun(TestPaths.samples().resolve("round-robin"));
        int port = awaitReady();
        client = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + port + "/v1")
                .apiKey("aigw-replace-me-team-a")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(20))
                .build();

        assertThat(client.models().list().data()).extracting(Model::id).containsExactly(
                "claude-3-5-sonnet-20241022", "gpt-3.5-turbo", "gpt-4", "gpt-4o-mini");
    }
}
