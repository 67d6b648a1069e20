package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.proxy.support.ClosedPorts;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictAnthropic;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One upstream mixing providers: a priority-1 {@code anthropic} target that fails before its first byte and a
 * priority-2 {@code openai-compatible} target that serves. The OpenAI SDK gets a plain OpenAI answer, whole or
 * streamed, and learns from {@code X-Selected-Provider} who served it.
 */
class MixedUpstreamFailoverIT {

    private static final String ANTHROPIC_KEY = "sk-ant-upstream-key";
    private static final Timeouts FAST = new Timeouts(1_000, 2_000, 5_000, 1_000);

    private Vertx vertx;
    private StrictAnthropic anthropic;
    private FakeUpstream openai;
    /** Requests the Anthropic fake found valid, before it failed them. */
    private final AtomicInteger validAnthropicRequests = new AtomicInteger();
    private ProxyHarness h;
    private OpenAIClient sdk;

    @BeforeEach
    void setUp() throws Exception {
        vertx = Vertx.vertx();
        anthropic = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
        openai = FakeUpstream.start(vertx, "openai");
        openai.behave((req, body) -> {
            JsonObject json = new JsonObject(body);
            if (!"/v1/chat/completions".equals(req.path()) || !(json.getValue("messages") instanceof Iterable)
                    || req.getHeader("anthropic-version") != null || req.getHeader("x-api-key") != null
                    || req.getHeader("Authorization") != null) {
                FakeUpstream.status(400).respond(req, body);
                return;
            }
            if (json.getBoolean("stream", false)) {
                var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                for (String piece : List.of("Served", " by", " the backup")) {
                    resp.write("data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\","
                            + "\"created\":1700000000,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}]}\n\n");
                }
                resp.write("data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},"
                        + "\"finish_reason\":\"stop\"}]}\n\n");
                resp.end("data: [DONE]\n\n");
                return;
            }
            req.response().putHeader("Content-Type", "application/json").end(FakeUpstream.chatCompletion("openai"));
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        if (h != null) {
            h.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private void start(int anthropicPort) throws Exception {
        Target claude = new Target("claude", Provider.ANTHROPIC,
                new Endpoint("http", "127.0.0.1", anthropicPort, "/v1"), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), new Credentials("u.claude.apiKey", null, null, null), null, null);
        Target local = new Target("local", Provider.OPENAI_COMPATIBLE,
                new Endpoint("http", "127.0.0.1", openai.port(), "/v1"), null, 1, 2, List.of(), null, Map.of(),
                Map.of(), Credentials.NONE, null, null);
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN,
                new HealthChecks(true, 100, 60), FAST, 2, claude, local)), Map.of("u.claude.apiKey", ANTHROPIC_KEY));
        sdk = OpenAiSdk.client(h.proxy.port());
    }

    /** The Anthropic fake accepts the request as valid, then fails it before the first byte. */
    private void anthropicFailsWith(int status) {
        anthropic.answer((req, body) -> {
            validAnthropicRequests.incrementAndGet();
            req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("type", "error").put("error", new JsonObject()
                            .put("type", "overloaded_error").put("message", "Overloaded")).encode());
        });
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addSystemMessage("Be brief.")
                .addUserMessage("Say hello").build();
    }

    private void assertServedByTheBackup(HttpResponseFor<?> raw) {
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().values("X-Selected-Provider")).containsExactly("openai-compatible");
        assertThat(raw.headers().values("X-Selected-Target")).containsExactly("local");
        assertThat(openai.received()).hasSize(1);
        JsonObject forwarded = new JsonObject(openai.last().body());
        assertThat(forwarded.getString("model")).isEqualTo("gpt-4o");
        assertThat(forwarded.getJsonArray("messages")).hasSize(2);
    }

    @ParameterizedTest(name = "Anthropic answers {0}")
    @ValueSource(ints = {503, 529})
    void shouldFailOverFromAnAnthropicTargetFailingBeforeTheFirstByte(int status) throws Exception {
        start(anthropic.port());
        anthropicFailsWith(status);

        HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse().create(params());
        ChatCompletion completion = raw.parse();

        assertThat(completion.choices().get(0).message().content()).hasValue("openai");
        assertThat(completion.id()).isEqualTo("chatcmpl-1");
        assertServedByTheBackup(raw);
        assertThat(anthropic.received()).hasSize(1);
        assertThat(validAnthropicRequests).hasValue(1);
        assertThat(anthropic.lastBody().getString("system")).isEqualTo("Be brief.");
    }

    @Test
    void shouldFailOverFromAnAnthropicTargetThatRefusesConnections() throws Exception {
        start(ClosedPorts.loopback());

        HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse().create(params());

        assertThat(raw.parse().choices().get(0).message().content()).hasValue("openai");
        assertServedByTheBackup(raw);
    }

    @Test
    void shouldStreamFromTheBackupWhenTheAnthropicTargetFailsBeforeTheFirstByte() throws Exception {
        start(anthropic.port());
        anthropicFailsWith(503);

        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = sdk.chat().completions().withRawResponse()
                .createStreaming(params());
        OpenAiSdk.Collected got = OpenAiSdk.collect(raw.parse());

        assertThat(got.text()).isEqualTo("Served by the backup");
        assertThat(got.finishes).containsExactly("stop");
        assertServedByTheBackup(raw);
        assertThat(anthropic.received()).hasSize(1);
        assertThat(validAnthropicRequests).hasValue(1);
        assertThat(anthropic.lastBody().getBoolean("stream")).isTrue();
        assertThat(new JsonObject(openai.last().body()).getBoolean("stream")).isTrue();
    }

    @Test
    void shouldStreamFromTheBackupWhenTheAnthropicTargetRefusesConnections() throws Exception {
        start(ClosedPorts.loopback());

        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = sdk.chat().completions().withRawResponse()
                .createStreaming(params());
        OpenAiSdk.Collected got = OpenAiSdk.collect(raw.parse());

        assertThat(got.text()).isEqualTo("Served by the backup");
        assertServedByTheBackup(raw);
    }
}
