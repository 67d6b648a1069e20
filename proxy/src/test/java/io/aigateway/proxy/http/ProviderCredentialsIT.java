package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.anthropic.client.AnthropicClient;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.errors.OpenAIServiceException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.LogCapture;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's provider keys stay its own: one no HTTP header can carry makes its target fail over, never a 500
 * nor a log line quoting it; one a provider echoes in an error never reaches the client, forwarded or translated.
 * Clients are the official SDKs.
 */
class ProviderCredentialsIT extends TwoUpstreams {

    private static final String ENTRY = "u.a.apiKey";
    private static final String TWO_LINES = "sk-first-half-of-the-key\nsk-second-half-of-the-key";
    private static final String KEY = "sk-upstream-secret-key/with+slash";

    private OpenAIClient openAi;
    private AnthropicClient anthropic;
    private LogCapture logs;

    private void start(Map<String, String> credentials, Target... targets) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, targets)),
                credentials);
        openAi = OpenAiSdk.client(h.proxy.port());
        anthropic = AnthropicSdk.client(h.proxy.port());
        logs = LogCapture.start();
    }

    @AfterEach
    void closeClients() {
        if (logs != null) {
            logs.close();
            openAi.close();
            anthropic.close();
        }
    }

    private static Target keyed(Target target, Provider provider) {
        return new Target(target.name(), provider, target.endpoint(), null, target.weight(), target.priority(),
                List.of(), null, Map.of(), Map.of(), new Credentials(ENTRY, null, null, null), null, null);
    }

    private static Target openAi(FakeUpstream fake, int priority) {
        return keyed(Configs.target(fake.name(), fake.port(), 1, priority), Provider.OPENAI);
    }

    private static Target anthropic(FakeUpstream fake) {
        return keyed(new Target(fake.name(), Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", fake.port(), "/v1"),
                null, 1, 1, List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null), Provider.ANTHROPIC);
    }

    private String chat() {
        return openAi.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("hi").build()).choices().get(0).message().content().orElse("");
    }

    private void message() {
        anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5").maxTokens(16)
                .addUserMessage("hi").build());
    }

    private static List<String> lowerCase(Collection<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    // ------------------------------------------------------------------ a key no header can carry (issue 12, 11)

    @Test
    void shouldFailOverFromAKeyWithALineBreakWithoutLoggingIt() throws Exception {
        start(Map.of(ENTRY, TWO_LINES), openAi(a, 1), Configs.target("b", b.port(), 1, 2));

        AtomicReference<String> answer = new AtomicReference<>();
        Throwable failure = catchThrowable(() -> answer.set(chat()));

        // The logs first: before, the failure was logged at WARN quoting the whole key.
        assertThat(logs.text()).doesNotContain("sk-first-half", "sk-second-half");
        assertThat(failure).isNull();
        assertThat(answer.get()).isEqualTo("b");
        assertThat(a.received()).isEmpty();
    }

    @Test
    void shouldNameTheTargetWhoseKeyCannotBeSentInTheClientsFormat() throws Exception {
        start(Map.of(ENTRY, TWO_LINES), openAi(a, 1));

        assertThatThrownBy(this::message).isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(502);
            assertThat(e.getMessage()).contains("a: its credential " + ENTRY + " cannot be sent in an HTTP header")
                    .doesNotContain("sk-first-half", "sk-second-half");
        });
        assertThat(logs.text()).doesNotContain("sk-first-half", "sk-second-half");
    }

    // ------------------------------------------------------------------ a provider echoing the key (issue 12, 12)

    /**
     * A provider refusing the key it received and quoting it: in the body (as-is and JSON-escaped), in a challenge,
     * in a header of its own, and with a cookie of the gateway's session.
     */
    private static FakeUpstream.Behaviour echoingKey(boolean anthropicFormat) {
        return (req, body) -> {
            String sent = req.getHeader("x-api-key") != null ? req.getHeader("x-api-key")
                    : req.getHeader("Authorization").substring("Bearer ".length());
            String message = "Incorrect API key provided: " + sent + ".";
            JsonObject error = anthropicFormat
                    ? new JsonObject().put("type", "error").put("error", new JsonObject()
                            .put("type", "authentication_error").put("message", message))
                    : new JsonObject().put("error", new JsonObject().put("message", message)
                            .put("type", "invalid_request_error").putNull("param").put("code", "invalid_api_key"));
            req.response().setStatusCode(401)
                    .putHeader("Content-Type", "application/json")
                    .putHeader("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\", key=\"" + sent
                            + "\"")
                    .putHeader("X-Received-Key", sent)
                    .putHeader("Set-Cookie", "__cf_bm=gateway-session; path=/; HttpOnly")
                    .end(error.encode());
        };
    }

    @Test
    void shouldScrubAnEchoedKeyFromAForwardedErrorForAnOpenAiClient() throws Exception {
        start(Map.of(ENTRY, KEY), openAi(a, 1));
        a.behave(echoingKey(false));

        assertThatThrownBy(this::chat).isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.code()).contains("invalid_api_key");
            assertThat(e.getMessage()).contains("Incorrect API key provided: [redacted credential].");
            assertThat(e.body().toString()).doesNotContain("sk-upstream");
            assertThat(lowerCase(e.headers().names())).doesNotContain("www-authenticate", "set-cookie");
            assertThat(e.headers().values("X-Received-Key")).containsExactly("[redacted credential]");
        });
        assertThat(a.last().headers().get("Authorization")).isEqualTo("Bearer " + KEY);
    }

    @Test
    void shouldScrubAnEchoedKeyFromATranslatedErrorForAnOpenAiClient() throws Exception {
        start(Map.of(ENTRY, KEY), anthropic(a));
        a.behave(echoingKey(true));

        assertThatThrownBy(this::chat).isInstanceOfSatisfying(OpenAIServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.getMessage()).contains("[redacted credential]").doesNotContain("sk-upstream");
            assertThat(lowerCase(e.headers().names())).doesNotContain("www-authenticate", "set-cookie", "x-received-key");
        });
    }

    @Test
    void shouldScrubAnEchoedKeyFromAnAnthropicErrorForAnAnthropicClient() throws Exception {
        start(Map.of(ENTRY, KEY), anthropic(a));
        a.behave(echoingKey(true));

        assertThatThrownBy(this::message).isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.getMessage()).contains("[redacted credential]").doesNotContain("sk-upstream");
            assertThat(e.body().toString()).doesNotContain("sk-upstream");
            assertThat(lowerCase(e.headers().names())).doesNotContain("www-authenticate", "set-cookie");
        });
        assertThat(a.last().headers().get("x-api-key")).isEqualTo(KEY);
    }

    @Test
    void shouldScrubAnEchoedKeyFromATranslatedErrorForAnAnthropicClient() throws Exception {
        start(Map.of(ENTRY, KEY), openAi(a, 1));
        a.behave(echoingKey(false));

        assertThatThrownBy(this::message).isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.getMessage()).contains("[redacted credential]").doesNotContain("sk-upstream");
            assertThat(lowerCase(e.headers().names())).doesNotContain("www-authenticate", "set-cookie", "x-received-key");
        });
    }

    @Test
    void shouldNeverRelayAProvidersCookieOrChallengeOnASuccess() throws Exception {
        start(Map.of(ENTRY, KEY), openAi(a, 1));
        a.behave((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .putHeader("Set-Cookie", "__cf_bm=gateway-session; path=/; HttpOnly")
                .putHeader("X-Request-Id", "req_1")
                .end(FakeUpstream.chatCompletion("a")));

        var raw = openAi.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("hi").build());

        assertThat(lowerCase(raw.headers().names())).doesNotContain("set-cookie");
        assertThat(raw.headers().values("X-Request-Id")).containsExactly("req_1");
        assertThat(raw.parse().choices().get(0).message().content()).contains("a");
    }
}
