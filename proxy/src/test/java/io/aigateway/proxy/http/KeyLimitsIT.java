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
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.Cost;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.LocalWindowCounters;
import io.aigateway.proxy.limits.UsageCounters;
import io.aigateway.proxy.limits.Window;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.CountingWindowCounters;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.KeyLimitConfigs;
import io.aigateway.proxy.support.MovableClock;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client keys' and rules' limits and budgets in one replica (the local store), with the official SDKs as clients:
 * refused before the request is sent, with 429 and OpenAI's {@code x-ratelimit-*} headers in the client's format;
 * reservations settled to the usage the answers report, whole and streamed, translated and not, and released when
 * the request used nothing; no store call at all for a key and rule without limits. Target {@code a} is tried first.
 */
class KeyLimitsIT extends TwoUpstreams {

    private static final Cost A_COST = new Cost(1.0, 2.0);
    private static final Cost B_COST = new Cost(5.0, 10.0);
    private static final String ANTHROPIC_KEY = "sk-ant-upstream";
    private static final WindowCounters.Counter TOKENS = UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-a",
            Window.DAY);
    private static final WindowCounters.Counter SPENT = UsageCounters.spent("team-a", Window.DAY);

    /** 10 seconds into a UTC day and minute, standing still: no window slides during a test. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-04T00:00:10Z"));
    private final List<OpenAIClient> clients = new ArrayList<>();
    private StrictAnthropic claude;

    @AfterEach
    void closeClients() throws Exception {
        clients.forEach(OpenAIClient::close);
        if (claude != null) {
            claude.close();
        }
    }

    private void start(List<ClientKey> keys, UsageLimits ruleLimits, WindowCounters store) throws Exception {
        start(keys, ruleLimits, store, aThenB(), Map.of());
    }

    /** a, then b, each at its price. */
    private Upstream aThenB() {
        return Configs.upstream("u", Algorithm.ROUND_ROBIN, priced(Configs.target("a", a.port(), 1, 1), A_COST),
                priced(Configs.target("b", b.port(), 1, 2), B_COST));
    }

    /** Key team-a with 100,000 tokens and a budget of 100 a day, to {@code upstream}; its client. */
    private OpenAIClient startWithDailyQuota(Upstream upstream, Map<String, String> credentials) throws Exception {
        start(KeyLimitConfigs.keys(new UsageLimits(null, null, 100_000L, null),
                new Budget(new BigDecimal("100"), Budget.Period.DAY), null), null, new LocalWindowCounters(clock),
                upstream, credentials);
        return openAi(KeyLimitConfigs.TEAM_A);
    }

    private void start(List<ClientKey> keys, UsageLimits ruleLimits, WindowCounters store, Upstream upstream,
            Map<String, String> credentials) throws Exception {
        Map<String, String> all = new HashMap<>(credentials);
        RateLimitStore shared = store instanceof CountingWindowCounters ? null : sharedStore(all);
        // A gateway of its own per test: a shared store keeps its counts from one test to the next.
        h = ProxyHarness.start(vertx, KeyLimitConfigs.config("gw-" + System.nanoTime(), keys, ruleLimits, shared,
                upstream), all, clock, store);
    }

    /**
     * The {@code rateLimitStore} of the configs of these tests, its credentials put in {@code credentials}: none
     * here, each proxy counts in the store it was started with.
     */
    protected RateLimitStore sharedStore(Map<String, String> credentials) {
        return null;
    }

    private static Target priced(Target t, Cost cost) {
        return new Target(t.name(), t.provider(), t.endpoint(), t.path(), t.weight(), t.priority(), t.models(),
                t.defaultModel(), t.headers(), t.providerOptions(), t.credentials(), t.rateLimit(), cost);
    }

    private OpenAIClient openAi(String key) {
        OpenAIClient client = OpenAiSdk.client(h.proxy.port(), key);
        clients.add(client);
        return client;
    }

    private static HttpResponseFor<ChatCompletion> chat(OpenAIClient client, long maxTokens) {
        HttpResponseFor<ChatCompletion> r = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi")
                        .maxCompletionTokens(maxTokens).build());
        r.parse();
        return r;
    }

    private long count(WindowCounters.Counter counter) throws Exception {
        return h.proxy.rateLimitStore().current().count(counter).toCompletionStage().toCompletableFuture()
                .get(5, TimeUnit.SECONDS);
    }

    private void awaitCount(WindowCounters.Counter counter, Predicate<Long> expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> expected.test(count(counter)));
    }

    private static UsageLimits requestsPerMinute(int n) {
        return new UsageLimits(n, null, null, null);
    }

    @Test
    void shouldRefuseAKeyOverItsRequestsPerMinuteWith429AndOpenAiRateLimitHeaders() throws Exception {
        start(KeyLimitConfigs.keys(requestsPerMinute(2), null, null), null, new LocalWindowCounters(clock));
        OpenAIClient teamA = openAi(KeyLimitConfigs.TEAM_A);

        try (HttpResponseFor<ChatCompletion> first = chat(teamA, 16)) {
            assertThat(first.headers().values("x-ratelimit-limit-requests")).containsExactly("2");
            assertThat(first.headers().values("x-ratelimit-remaining-requests")).containsExactly("1");
            assertThat(first.headers().values("x-ratelimit-reset-requests")).containsExactly("1m50s");
            assertThat(first.headers().values("x-ratelimit-limit-tokens")).as("the key limits no tokens").isEmpty();
        }
        try (HttpResponseFor<ChatCompletion> second = chat(teamA, 16)) {
            assertThat(second.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
        }
        assertThatThrownBy(() -> chat(teamA, 16)).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            // Two requests 50 s before the minute ends: the first fades out of the sliding window 1 ms later.
            assertThat(e.headers().values("Retry-After")).as("whole seconds, rounded up").containsExactly("51");
            assertThat(e.headers().values("x-ratelimit-limit-requests")).containsExactly("2");
            assertThat(e.headers().values("x-ratelimit-remaining-requests")).containsExactly("0");
            assertThat(e.headers().values("x-ratelimit-reset-requests")).containsExactly("51s");
            assertThat(e.code()).hasValue("rate_limit_exceeded");
            assertThat(e.getMessage()).contains("requestsPerMinute of key team-a")
                    .doesNotContain(KeyLimitConfigs.TEAM_A);
        });
        assertThat(a.received()).as("the refused request was sent nowhere").hasSize(2);
        assertThat(b.received()).isEmpty();
        try (HttpResponseFor<ChatCompletion> other = chat(openAi(KeyLimitConfigs.FREE), 16)) {
            assertThat(other.headers().values("x-ratelimit-limit-requests")).as("a key without limits").isEmpty();
        }
        assertThat(h.proxy.metrics().scrape().lines().filter(l -> l.startsWith("aigw_key_limited_total{")))
                .singleElement().satisfies(l -> assertThat(l).contains("limit=\"key.requestsPerMinute\"",
                        "rule=\"chat\"").doesNotContain("team-a").endsWith(" 1.0"));
    }

    @Test
    void shouldRefuseInTheAnthropicFormatWithTheSameHeaders() throws Exception {
        start(KeyLimitConfigs.keys(new UsageLimits(null, null, 1_000L, null), null, null), null,
                new LocalWindowCounters(clock));
        AnthropicClient anthropic = AnthropicSdk.client(h.proxy.port(), KeyLimitConfigs.TEAM_A);
        try {
            // 2 tokens used of 1,000 (the fake's usage); the next asks for 999 more than the day has left.
            anthropic.messages().create(MessageCreateParams.builder().model("gpt-4o").maxTokens(16)
                    .addUserMessage("hi").build());
            awaitCount(TOKENS, n -> n == 2);

            assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("gpt-4o")
                    .maxTokens(999).addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> {
                        assertThat(e.headers().values("Retry-After"))
                                .containsExactly(String.valueOf(Duration.ofDays(1).minusSeconds(10).toSeconds()));
                        assertThat(e.headers().values("x-ratelimit-limit-tokens")).containsExactly("1000");
                        assertThat(e.headers().values("x-ratelimit-remaining-tokens")).containsExactly("0");
                        assertThat(e.headers().values("x-ratelimit-reset-tokens")).containsExactly("23h59m50s");
                        assertThat(e.getMessage()).contains("rate_limit_error", "tokensPerDay of key team-a")
                                .doesNotContain(KeyLimitConfigs.TEAM_A);
                    });
        } finally {
            anthropic.close();
        }
        assertThat(a.received()).hasSize(1);
    }

    @Test
    void shouldShareTheRulesLimitAcrossKeys() throws Exception {
        start(KeyLimitConfigs.keys(null, null, null), requestsPerMinute(3), new LocalWindowCounters(clock));
        OpenAIClient teamA = openAi(KeyLimitConfigs.TEAM_A);
        OpenAIClient free = openAi(KeyLimitConfigs.FREE);

        chat(teamA, 16).close();
        chat(free, 16).close();
        chat(teamA, 16).close();
        assertThatThrownBy(() -> chat(free, 16)).isInstanceOfSatisfying(RateLimitException.class,
                e -> assertThat(e.getMessage()).contains("requestsPerMinute of rule chat"));
        assertThat(a.received()).hasSize(3);
    }

    /** Whatever the config says of the store: the proxy's request path is what is counted here. */
    @Test
    void shouldAskTheStoreNothingForAKeyAndRuleWithoutLimitsAndOnceWithEveryClaimOtherwise() throws Exception {
        CountingWindowCounters store = new CountingWindowCounters(new LocalWindowCounters(clock));
        start(KeyLimitConfigs.keys(new UsageLimits(10, 100_000L, 1_000_000L, 10_000_000L),
                new Budget(new BigDecimal("5.00"), Budget.Period.MONTH), null), null, store);

        for (int i = 0; i < 3; i++) {
            chat(openAi(KeyLimitConfigs.FREE), 16).close();
        }
        assertThat(store.reserves()).as("no limit, no store call").isEmpty();

        chat(openAi(KeyLimitConfigs.TEAM_A), 16).close();
        assertThat(store.reserves()).as("one reserve with every claim of the key").singleElement()
                .satisfies(claims -> assertThat(claims).extracting(WindowCounters.Claim::limit).containsExactly(
                        "requestsPerMinute of key team-a", "tokensPerMinute of key team-a",
                        "tokensPerDay of key team-a", "tokensPerMonth of key team-a",
                        "budget of key team-a (per month)"));
    }

    @Test
    void shouldSettleTokensAndBudgetToTheUsageOfWholeAndStreamedAnswers() throws Exception {
        OpenAIClient teamA = startWithDailyQuota(aThenB(), Map.of());

        chat(teamA, 900).close();
        // a reports 1 prompt and 1 completion token: 2 tokens, 0.001 + 0.002 at a's price.
        awaitCount(TOKENS, n -> n == 2);
        assertThat(count(SPENT)).isEqualTo(3_000);

        Promise<Void> release = Promise.promise();
        a.behave(FakeUpstream.streamUntil(release.future()));
        try (StreamResponse<ChatCompletionChunk> stream = teamA.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").maxCompletionTokens(900)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            assertThat(chunks.next().choices()).isNotEmpty();
            assertThat(count(TOKENS)).as("the prompt estimate and max_completion_tokens are reserved")
                    .isGreaterThan(2 + 900);
            assertThat(count(SPENT)).as("priced at b, the most expensive target the request may go to")
                    .isGreaterThanOrEqualTo(3_000 + 9_000_000);
            release.complete();
            chunks.forEachRemaining(c -> { });
        }
        // 3 + 4 tokens; 0.003 + 0.008 at a's price, which answered.
        awaitCount(TOKENS, n -> n == 2 + 7);
        assertThat(count(SPENT)).isEqualTo(3_000 + 11_000);
    }

    @Test
    void shouldSettleTranslatedAnswersWholeAndStreamed() throws Exception {
        claude = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
        Target target = new Target("claude", Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", claude.port(),
                "/v1"), null, 1, 1, List.of(), null, Map.of(), Map.of(), new Credentials("u.claude.apiKey", null,
                null, null), null, new Cost(3.0, 15.0));
        OpenAIClient teamA = startWithDailyQuota(Configs.upstream("u", Algorithm.ROUND_ROBIN, target),
                Map.of("u.claude.apiKey", ANTHROPIC_KEY));

        // StrictAnthropic's default answer: 10 input and 5 output tokens; 0.03 + 0.075.
        chat(teamA, 900).close();
        awaitCount(TOKENS, n -> n == 15);
        assertThat(count(SPENT)).isEqualTo(105_000);

        claude.answer((req, body) -> req.response().putHeader("Content-Type", "text/event-stream").end(
                StrictAnthropic.event(new JsonObject().put("type", "message_start").put("message",
                        StrictAnthropic.message("msg_s", new JsonArray(), null, StrictAnthropic.usage(20, 1, 0))))
                + StrictAnthropic.event(new JsonObject().put("type", "content_block_start").put("index", 0)
                        .put("content_block", new JsonObject().put("type", "text").put("text", "")))
                + StrictAnthropic.event(new JsonObject().put("type", "content_block_delta").put("index", 0)
                        .put("delta", new JsonObject().put("type", "text_delta").put("text", "Hello")))
                + StrictAnthropic.event(new JsonObject().put("type", "content_block_stop").put("index", 0))
                + StrictAnthropic.event(new JsonObject().put("type", "message_delta")
                        .put("delta", new JsonObject().put("stop_reason", "end_turn").putNull("stop_sequence"))
                        .put("usage", new JsonObject().put("output_tokens", 8)))
                + StrictAnthropic.event(new JsonObject().put("type", "message_stop"))));
        streamWhole(teamA, true);
        // 20 + 8 tokens; 0.06 + 0.12.
        awaitCount(TOKENS, n -> n == 15 + 28);
        assertThat(count(SPENT)).isEqualTo(105_000 + 180_000);

        // The client's stream then carries no usage, but Anthropic's events did: they settle it, not the estimate.
        streamWhole(teamA, false);
        awaitCount(TOKENS, n -> n == 15 + 28 + 28);
        assertThat(count(SPENT)).isEqualTo(105_000 + 180_000 + 180_000);
    }

    /** A streamed chat read to its end, with or without {@code stream_options.include_usage}. */
    private static void streamWhole(OpenAIClient client, boolean includeUsage) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("hi").maxCompletionTokens(900);
        if (includeUsage) {
            params.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        }
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(
                params.build())) {
            stream.stream().forEach(c -> { });
        }
    }

    @Test
    void shouldCountARequestThatAsksForNoCompletionByItsPromptAlone() throws Exception {
        start(KeyLimitConfigs.keys(new UsageLimits(null, null, 100_000L, null), null, null), null,
                new LocalWindowCounters(clock));
        a.behave((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end("{\"object\":\"list\",\"data\":[]}"));
        String body = "{\"model\":\"text-embedding-3-small\",\"input\":\"" + "x".repeat(400) + "\"}";

        assertThat(h.post("/v1/embeddings", body, "Authorization", "Bearer " + KeyLimitConfigs.TEAM_A)
                .statusCode()).isEqualTo(200);

        // An answer without usage keeps its estimate: the body's size / 4, no completion budget.
        assertThat(count(TOKENS)).isEqualTo((body.length() + 3) / 4);
    }

    @Test
    void shouldReleaseTheReservationWhenEveryTargetFails() throws Exception {
        start(KeyLimitConfigs.keys(new UsageLimits(1, null, 100_000L, null), null, null), null,
                new LocalWindowCounters(clock));
        a.behave(FakeUpstream.status(500));
        b.behave(FakeUpstream.status(500));
        OpenAIClient teamA = openAi(KeyLimitConfigs.TEAM_A);

        assertThatThrownBy(() -> chat(teamA, 900)).isInstanceOf(com.openai.errors.InternalServerException.class);
        assertThat(b.received()).as("both were tried").hasSize(1);
        awaitCount(TOKENS, n -> n == 0);
        assertThat(count(UsageCounters.requests(UsageCounters.KEY_SCOPE, "team-a"))).isZero();

        a.behave(a.ok());
        chat(teamA, 16).close();
        assertThat(count(UsageCounters.requests(UsageCounters.KEY_SCOPE, "team-a"))).isEqualTo(1);
        assertThatThrownBy(() -> chat(teamA, 16)).as("the one request a minute is used")
                .isInstanceOf(RateLimitException.class);
    }
}
