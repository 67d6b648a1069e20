package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.RateLimit;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.limits.TargetLimits;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-target limits through the proxy, with the official SDKs as clients: a target at its limit is skipped for the
 * next one, 429 with Retry-After only when every target is limited, a provider's spent budget stops traffic before
 * its 429 and traffic comes back after its reset, and the tokens a request reserves are settled by its usage.
 * Target {@code a} is tried first (priority 1), {@code b} after it (priority 2).
 */
class TargetLimitsIT extends TwoUpstreams {

    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    @AfterEach
    void closeClients() {
        if (openAi != null) {
            openAi.close();
        }
        if (anthropic != null) {
            anthropic.close();
        }
    }

    private void start(RateLimit aLimit, RateLimit bLimit) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN,
                Configs.withRateLimit(Configs.target("a", a.port(), 1, 1), aLimit),
                Configs.withRateLimit(Configs.target("b", b.port(), 1, 2), bLimit))), Map.of());
        openAi = OpenAiSdk.client(h.proxy.port());
        anthropic = AnthropicSdk.client(h.proxy.port());
    }


    /** A chat completion through the OpenAI SDK; the target that answered. */
    private String chat(long maxTokens) {
        try (HttpResponseFor<ChatCompletion> r = openAi.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi")
                        .maxCompletionTokens(maxTokens).build())) {
            r.parse();
            return r.headers().values("X-Selected-Target").get(0);
        }
    }

    private String chat() {
        return chat(16);
    }

    private TargetLimits.Headroom headroom(String target) {
        return h.proxy.limits().snapshot().result().get(new TargetKey("u", target));
    }

    @Test
    void shouldFailOverToTheNextTargetWhenTheFirstIsAtItsRequestLimit() throws Exception {
        start(new RateLimit(1, null, null), null);

        assertThat(chat()).isEqualTo("a");
        assertThat(chat()).as("a is at its 1 request per minute").isEqualTo("b");

        assertThat(a.received()).hasSize(1);
        assertThat(h.proxy.health().snapshot().get(new TargetKey("u", "a")).healthy())
                .as("a limit is no health failure").isTrue();
        assertThat(h.proxy.metrics().scrape().lines().filter(l -> l.startsWith("aigw_target_limited_total{")))
                .singleElement().satisfies(l -> assertThat(l).contains("limit=\"requestsPerMinute\"",
                        "target=\"a\"").endsWith(" 1.0"));
        assertThat(headroom("a").requestsLeft()).isZero();
    }

    @Test
    void shouldNotCountASkippedTargetAgainstMaxAttempts() throws Exception {
        // One attempt per request: a, at its limit, is skipped without being sent anything; b is the one attempt.
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.HEALTH,
                Configs.TIMEOUTS, 1,
                Configs.withRateLimit(Configs.target("a", a.port(), 1, 1), new RateLimit(1, null, null)),
                Configs.target("b", b.port(), 1, 2))), Map.of());
        openAi = OpenAiSdk.client(h.proxy.port());

        assertThat(chat()).isEqualTo("a");
        try (HttpResponseFor<ChatCompletion> r = openAi.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build())) {
            r.parse();
            assertThat(r.headers().values("X-Selected-Target")).containsExactly("b");
            assertThat(r.headers().values("X-Gateway-Attempts")).containsExactly("a=rate_limited, b=200");
        }
        assertThat(a.received()).hasSize(1);
    }

    @Test
    void shouldAnswer429WithRetryAfterToTheOpenAiClientOnlyWhenEveryTargetIsLimited() throws Exception {
        start(new RateLimit(1, null, null), new RateLimit(null, null, 1));
        // b is held busy by a request that waits for its answer: its one concurrent request is taken.
        b.behave((req, body) -> { });
        assertThat(chat()).isEqualTo("a");
        h.http.sendAsync(h.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + Configs.CLIENT_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[]}")).build(),
                HttpResponse.BodyHandlers.discarding());
        await().atMost(Duration.ofSeconds(10)).until(() -> b.received().size() == 1);

        assertThatThrownBy(this::chat).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.headers().values("Retry-After")).containsExactly("1");
            assertThat(e.getMessage()).contains("a: rate limited (requestsPerMinute)",
                    "b: rate limited (concurrentRequests)");
        });
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void shouldAnswer429WithRetryAfterToTheAnthropicClientWhenEveryTargetIsLimited() throws Exception {
        start(new RateLimit(1, null, null), new RateLimit(1, null, null));
        assertThat(chat()).isEqualTo("a");
        assertThat(chat()).isEqualTo("b");

        assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("gpt-4o")
                .maxTokens(16).addUserMessage("hi").build()))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                    assertThat(e.headers().values("Retry-After")).singleElement()
                            .satisfies(s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
                    assertThat(e.getMessage()).contains("rate_limit_error");
                });
        assertThat(a.received()).hasSize(1);
        assertThat(b.received()).hasSize(1);
    }

    @Test
    void shouldStopSendingToATargetWhoseOpenAiBudgetIsSpentUntilItsReset() throws Exception {
        assertSpentBudgetHonoured("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "2s",
                "x-ratelimit-remaining-tokens", "89000", "x-ratelimit-reset-tokens", "1s");
    }

    @Test
    void shouldStopSendingToATargetWhoseAnthropicBudgetIsSpentUntilItsReset() throws Exception {
        assertSpentBudgetHonoured("anthropic-ratelimit-requests-remaining", "40",
                "anthropic-ratelimit-requests-reset", Instant.now().plusSeconds(30).toString(),
                "anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", Instant.now().plusSeconds(2).toString());
    }

    /**
     * a answers its first request with headers saying a budget is spent: the next request goes to b without a
     * 429 from anyone, and once the budget's reset has passed a serves again.
     */
    private void assertSpentBudgetHonoured(String... headers) throws Exception {
        start(null, null);
        a.behave((req, body) -> {
            if (a.received().size() == 1) {
                for (int i = 0; i < headers.length; i += 2) {
                    req.response().putHeader(headers[i], headers[i + 1]);
                }
            }
            req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(FakeUpstream.chatCompletion("a"));
        });

        assertThat(chat()).isEqualTo("a");
        assertThat(chat()).as("a's budget is spent").isEqualTo("b");
        assertThat(headroom("a").providerPausedFor()).isPositive();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> "a".equals(chat()));
        assertThat(a.received()).hasSize(2);
        assertThat(h.proxy.health().snapshot().get(new TargetKey("u", "a")).consecutiveFailures()).isZero();
    }

    @Test
    void shouldPauseATargetThatAnswered429WithoutCountingItAsAHealthFailure() throws Exception {
        start(null, null);
        a.behave((req, body) -> req.response().setStatusCode(429).putHeader("retry-after", "30")
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"));

        assertThat(chat()).isEqualTo("b");
        assertThat(chat()).as("a is paused for its 30 s").isEqualTo("b");

        assertThat(a.received()).hasSize(1);
        assertThat(headroom("a").providerPauseReason()).isEqualTo("429");
        assertThat(h.proxy.health().snapshot().get(new TargetKey("u", "a")).consecutiveFailures()).isZero();
    }

    @Test
    void shouldSettleTheTokenReservationWithTheReportedUsage() throws Exception {
        start(new RateLimit(null, 1_000L, null), null);

        assertThat(chat(900)).isEqualTo("a");
        // The fake reports 2 tokens used: they replace the ~900 reserved once the answer has ended.
        await().atMost(Duration.ofSeconds(10)).until(() -> headroom("a").tokensLeft() == 998);
        // An answer without usage: its reservation stands, as the best estimate there is.
        a.behave((req, body) -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(FakeUpstream.chatCompletion("a").replaceFirst(",\"usage\":\\{[^}]*}", "")));
        assertThat(chat(900)).as("room again after settling").isEqualTo("a");
        assertThat(chat(900)).as("the last one is still reserved").isEqualTo("b");
    }

    @Test
    void shouldHoldTheReservationWhileAStreamRunsAndSettleItWithTheStreamsUsage() throws Exception {
        start(new RateLimit(null, 1_000L, null), null);
        Promise<Void> release = Promise.promise();
        a.behave(FakeUpstream.streamUntil(release.future()));

        try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").maxCompletionTokens(900)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            assertThat(chunks.next().choices()).isNotEmpty();
            assertThat(headroom("a").tokensLeft()).as("prompt estimate and max_completion_tokens reserved")
                    .isLessThanOrEqualTo(100);
            release.complete();
            chunks.forEachRemaining(c -> { });
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> headroom("a").tokensLeft() == 993);
    }
}
