package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.OverloadedException;
import com.anthropic.models.ErrorType;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * When every target fails, the client hears the last provider's answer (its status and meaning, in the client's own
 * format), with every target tried named; only the gateway's own failures are 502. Clients are the official SDKs.
 */
class ProviderErrorsIT extends TwoUpstreams {

    private static final String ANTHROPIC_KEY = "sk-ant-upstream-key";

    private StrictAnthropic anthropic;
    private OpenAIClient openAiSdk;
    private AnthropicClient anthropicSdk;

    /** Upstream {@code u} tries the targets in the order given (priorities 1, 2, …). */
    private void start(Target... targets) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, targets)),
                Map.of("u.claude.apiKey", ANTHROPIC_KEY));
        openAiSdk = OpenAiSdk.client(h.proxy.port());
        anthropicSdk = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + h.proxy.port())
                .apiKey(Configs.CLIENT_KEY).maxRetries(0).timeout(Duration.ofSeconds(20)).build();
    }

    @AfterEach
    void closeClients() throws Exception {
        if (openAiSdk != null) {
            openAiSdk.close();
            anthropicSdk.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
    }

    private Target claude(int priority) throws Exception {
        anthropic = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
        return new Target("claude", Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", anthropic.port(), "/v1"),
                null, 1, priority, List.of(), null, Map.of(), Map.of(),
                new Credentials("u.claude.apiKey", null, null, null), null, null);
    }

    private static FakeUpstream.Behaviour overloaded(int status) {
        return (req, body) -> req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", "overloaded_error").put("message", "Overloaded")).encode());
    }

    private void chat() {
        openAiSdk.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("hi").build());
    }

    private void message() {
        anthropicSdk.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(16)
                .addUserMessage("hi").build());
    }

    @Test
    void shouldGiveAnOpenAiClientTheLast429WithItsRetryAfter() throws Exception {
        start(Configs.target("a", a.port(), 1, 1), Configs.target("b", b.port(), 1, 2));
        a.behave(FakeUpstream.status(500));
        b.behave((req, body) -> req.response().setStatusCode(429).putHeader("Retry-After", "7").end("{}"));

        assertThatThrownBy(this::chat).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.headers().values("Retry-After")).containsExactly("7");
            assertThat(e.getMessage()).contains("a: 500", "b: 429");
        });
    }

    @Test
    void shouldGiveAnOpenAiClient503ForAnAnthropic529() throws Exception {
        start(claude(1));
        anthropic.answer(overloaded(529));

        assertThatThrownBy(this::chat).isInstanceOfSatisfying(InternalServerException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.getMessage()).contains("claude: 529");
        });
    }

    @Test
    void shouldGiveAnAnthropicClientOverloadedErrorForAProviders503() throws Exception {
        start(Configs.target("a", a.port(), 1, 1), Configs.target("b", b.port(), 1, 2));
        a.behave(FakeUpstream.status(500));
        b.behave(FakeUpstream.status(503));

        assertThatThrownBy(this::message).isInstanceOfSatisfying(OverloadedException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(529);
            assertThat(e.type()).hasValue(ErrorType.OVERLOADED_ERROR);
            assertThat(e.getMessage()).contains("a: 500", "b: 503");
        });
    }

    @Test
    void shouldGiveAnAnthropicClientTheProvidersOwn500AsApiError() throws Exception {
        start(Configs.target("a", a.port(), 1, 1));
        a.behave(FakeUpstream.status(500));

        assertThatThrownBy(this::message).isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.type()).hasValue(ErrorType.API_ERROR);
        });
    }

    @Test
    void shouldGiveAnAnthropicClientTheLast429AsRateLimitErrorWithItsRetryAfter() throws Exception {
        start(Configs.target("a", a.port(), 1, 1));
        a.behave((req, body) -> req.response().setStatusCode(429).putHeader("Retry-After", "3").end("{}"));

        assertThatThrownBy(this::message)
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                    assertThat(e.headers().values("Retry-After")).containsExactly("3");
                    assertThat(e.type()).hasValue(ErrorType.RATE_LIMIT_ERROR);
                });
    }

    @Test
    void shouldKeep502ForTheGatewaysOwnFailures() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        start(Configs.target("a", a.port(), 1, 1), Configs.target("b", closed, 1, 2));
        a.behave(FakeUpstream.status(503));

        assertThatThrownBy(this::chat).isInstanceOfSatisfying(InternalServerException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(502);
            assertThat(e.getMessage()).contains("a: 503", "b: connection refused");
        });
        assertThatThrownBy(this::message).isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(502);
            assertThat(e.type()).hasValue(ErrorType.API_ERROR);
        });
    }
}
