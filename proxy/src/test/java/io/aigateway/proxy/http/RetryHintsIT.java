package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
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
import io.aigateway.proxy.support.StrictFake;
import io.aigateway.proxy.support.StrictGemini;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each provider's retry hint on a 429 keeps its target out for that long (the next request goes straight to the
 * other target), and the client of a 429 hears it as {@code Retry-After} seconds, rounded up. The client is the
 * official OpenAI SDK; the fakes answer in each provider's format.
 */
class RetryHintsIT extends TwoUpstreams {

    private static final String KEY = "upstream-key";

    private OpenAIClient sdk;
    private final List<AutoCloseable> fakes = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        if (sdk != null) {
            sdk.close();
        }
        for (AutoCloseable f : fakes) {
            f.close();
        }
    }

    /** {@code first} (priority 1) then {@code second} (priority 2). */
    private void start(Target first, Target second) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, first, second)),
                Map.of("u.p.apiKey", KEY, "u.q.apiKey", KEY));
        sdk = OpenAiSdk.client(h.proxy.port());
    }

    private static Target target(String name, Provider provider, int port, String base, int priority) {
        return new Target(name, provider, new Endpoint("http", "127.0.0.1", port, base), null, 1, priority,
                List.of(), null, Map.of(), Map.of(), new Credentials("u." + name + ".apiKey", null, null, null),
                null, null);
    }

    private ChatCompletion chat() {
        return sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("m")
                .addUserMessage("hi").build());
    }

    /**
     * p rate-limits with a 30 s hint: the first request fails over to q, the next skips p; then q rate-limits with
     * a 2.5 s hint and the client hears Retry-After 3, p still untouched.
     */
    private void assertHintHonoured(Consumer<Double> pLimited, Consumer<Double> qLimited, IntSupplier pReceived,
            IntSupplier qReceived) {
        pLimited.accept(30.0);
        chat();
        assertThat(pReceived.getAsInt()).isEqualTo(1);
        assertThat(qReceived.getAsInt()).isEqualTo(1);

        chat();
        assertThat(pReceived.getAsInt()).as("p is cooling down").isEqualTo(1);
        assertThat(qReceived.getAsInt()).isEqualTo(2);

        qLimited.accept(2.5);
        assertThatThrownBy(this::chat).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.headers().values("Retry-After")).containsExactly("3"));
        assertThat(pReceived.getAsInt()).isEqualTo(1);
    }

    private static void limited(HttpServerResponse resp, String... headers) {
        resp.setStatusCode(429).putHeader("Content-Type", "application/json");
        for (int i = 0; i < headers.length; i += 2) {
            resp.putHeader(headers[i], headers[i + 1]);
        }
        resp.end("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":"
                + "\"rate_limit_exceeded\"}}");
    }

    @Test
    void shouldHonourRetryAfterMs() throws Exception {
        start(target("p", Provider.OPENAI, a.port(), "/v1", 1), target("q", Provider.OPENAI, b.port(), "/v1", 2));
        assertHintHonoured(
                s -> a.behave((req, body) -> limited(req.response(), "retry-after-ms", String.valueOf(s * 1000))),
                s -> b.behave((req, body) -> limited(req.response(), "retry-after-ms", String.valueOf(s * 1000))),
                () -> a.received().size(), () -> b.received().size());
    }

    @Test
    void shouldHonourOpenAisRateLimitResetOfTheExhaustedLimit() throws Exception {
        start(target("p", Provider.OPENAI, a.port(), "/v1", 1), target("q", Provider.OPENAI, b.port(), "/v1", 2));
        assertHintHonoured(
                s -> a.behave((req, body) -> limited(req.response(), "x-ratelimit-remaining-requests", "0",
                        "x-ratelimit-reset-requests", "30s", "x-ratelimit-remaining-tokens", "9000",
                        "x-ratelimit-reset-tokens", "6ms")),
                s -> b.behave((req, body) -> limited(req.response(), "x-ratelimit-remaining-requests", "59",
                        "x-ratelimit-reset-requests", "1m0s", "x-ratelimit-remaining-tokens", "0",
                        "x-ratelimit-reset-tokens", "2.5s")),
                () -> a.received().size(), () -> b.received().size());
    }

    @Test
    void shouldHonourGeminisRetryInfo() throws Exception {
        StrictGemini p = track(StrictGemini.start(vertx, KEY));
        StrictGemini q = track(StrictGemini.start(vertx, KEY));
        start(target("p", Provider.GEMINI, p.port(), "/v1beta", 1), target("q", Provider.GEMINI, q.port(),
                "/v1beta", 2));
        assertHintHonoured(s -> p.answer((req, body) -> exhausted(req.response(), s)),
                s -> q.answer((req, body) -> exhausted(req.response(), s)),
                () -> p.received().size(), () -> q.received().size());
    }

    /** Gemini's 429: RESOURCE_EXHAUSTED with a QuotaFailure and a RetryInfo. */
    private static void exhausted(HttpServerResponse resp, double seconds) {
        JsonObject error = new JsonObject().put("code", 429).put("status", "RESOURCE_EXHAUSTED")
                .put("message", "You exceeded your current quota.")
                .put("details", new JsonArray()
                        .add(new JsonObject().put("@type", "type.googleapis.com/google.rpc.QuotaFailure")
                                .put("violations", new JsonArray()))
                        .add(new JsonObject().put("@type", "type.googleapis.com/google.rpc.RetryInfo")
                                .put("retryDelay", seconds + "s")));
        resp.setStatusCode(429).putHeader("Content-Type", "application/json; charset=UTF-8")
                .end(new JsonObject().put("error", error).encode());
    }

    @Test
    void shouldHonourAnthropicsRateLimitResetTimes() throws Exception {
        StrictAnthropic p = track(StrictAnthropic.start(vertx, KEY));
        StrictAnthropic q = track(StrictAnthropic.start(vertx, KEY));
        start(target("p", Provider.ANTHROPIC, p.port(), "/v1", 1), target("q", Provider.ANTHROPIC, q.port(), "/v1",
                2));
        assertHintHonoured(s -> p.answer((req, body) -> tooManyTokens(req.response(), s)),
                s -> q.answer((req, body) -> tooManyTokens(req.response(), s)),
                () -> p.received().size(), () -> q.received().size());
    }

    /** Anthropic's 429 for an exhausted input-token limit, without Retry-After. */
    private static void tooManyTokens(HttpServerResponse resp, double seconds) {
        Instant now = Instant.now();
        resp.setStatusCode(429).putHeader("Content-Type", "application/json")
                .putHeader("anthropic-ratelimit-requests-remaining", "49")
                .putHeader("anthropic-ratelimit-requests-reset", now.plusMillis(100).toString())
                .putHeader("anthropic-ratelimit-input-tokens-remaining", "0")
                .putHeader("anthropic-ratelimit-input-tokens-reset",
                        now.plusMillis((long) (seconds * 1000)).toString())
                .end(new JsonObject().put("type", "error").put("error", new JsonObject()
                        .put("type", "rate_limit_error").put("message", "Number of input tokens has exceeded your "
                                + "per-minute rate limit")).encode());
    }

    private <F extends StrictFake<F>> F track(F fake) {
        fakes.add(fake);
        return fake;
    }
}
