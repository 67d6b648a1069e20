package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Cost;
import io.aigateway.model.Target;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.routing.ExpectedTokens;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.Scrape;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lowest-cost and lowest-latency algorithms and the {@code X-Gateway-Attempts} trail, through the proxy with
 * fake OpenAI providers on 127.0.0.1 and the official OpenAI and Anthropic SDKs as clients.
 */
class RoutingStrategiesIT {

    private Vertx vertx;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private ProxyHarness h;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private FakeUpstream fake(String name) throws Exception {
        FakeUpstream fake = FakeUpstream.start(vertx, name);
        closing.add(fake);
        return fake;
    }

    private OpenAIClient openAi(Algorithm algorithm, Target... targets) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", algorithm, targets)), Map.of());
        closing.add(h);
        OpenAIClient sdk = OpenAiSdk.client(h.proxy.port());
        closing.add(sdk::close);
        return sdk;
    }

    private static Target costing(Target t, double inputPer1k, double outputPer1k) {
        return new Target(t.name(), t.provider(), t.endpoint(), t.path(), t.weight(), t.priority(), t.models(),
                t.defaultModel(), t.headers(), t.providerOptions(), t.credentials(), t.rateLimit(),
                new Cost(inputPer1k, outputPer1k));
    }

    private static ChatCompletionCreateParams chat(Long maxCompletionTokens) {
        var params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello");
        if (maxCompletionTokens != null) {
            params.maxCompletionTokens(maxCompletionTokens);
        }
        return params.build();
    }

    private static String servedBy(HttpResponseFor<ChatCompletion> raw) {
        assertThat(raw.statusCode()).isEqualTo(200);
        String target = raw.headers().values("X-Selected-Target").get(0);
        assertThat(raw.parse().choices().get(0).message().content()).contains(target);
        return target;
    }

    /** One answer whose fake waits {@code delayMillis} before it answers. */
    private FakeUpstream.Behaviour after(FakeUpstream fake, long delayMillis) {
        FakeUpstream.Behaviour ok = fake.ok();
        return (req, body) -> vertx.setTimer(delayMillis, id -> ok.respond(req, body));
    }

    @Test
    void shouldPickTheCheapestTargetForTheRequestAndSwitchWhenMaxTokensChangesWhichIsCheapest() throws Exception {
        // cheap-in: cheap prompts, dear answers; cheap-out the other way round. A "Say hello" prompt is some
        // 20 tokens: cheap-in is cheaper up to about 3 answer tokens, cheap-out beyond.
        FakeUpstream cheapIn = fake("cheap-in");
        FakeUpstream cheapOut = fake("cheap-out");
        OpenAIClient sdk = openAi(Algorithm.LOWEST_COST,
                costing(Configs.target("cheap-in", cheapIn.port()), 0.001, 0.1),
                costing(Configs.target("cheap-out", cheapOut.port()), 0.01, 0.02));

        for (int i = 0; i < 3; i++) {
            assertThat(servedBy(sdk.chat().completions().withRawResponse().create(chat(1L))))
                    .isEqualTo("cheap-in");
        }
        for (int i = 0; i < 3; i++) {
            assertThat(servedBy(sdk.chat().completions().withRawResponse().create(chat(1_000L))))
                    .isEqualTo("cheap-out");
        }
        assertThat(servedBy(sdk.chat().completions().withRawResponse().create(chat(null))))
                .as("no cap: the default of %s answer tokens", ExpectedTokens.DEFAULT_OUTPUT).isEqualTo("cheap-out");
        assertThat(cheapIn.received()).hasSize(3);
        assertThat(cheapOut.received()).hasSize(4);
    }

    @Test
    void shouldFailOverToTheNextCheapestWhenTheCheapestFails() throws Exception {
        FakeUpstream cheap = fake("cheap").behave(FakeUpstream.status(503));
        FakeUpstream dear = fake("dear");
        OpenAIClient sdk = openAi(Algorithm.LOWEST_COST, costing(Configs.target("cheap", cheap.port()), 0, 0),
                costing(Configs.target("dear", dear.port()), 1, 1));

        HttpResponseFor<ChatCompletion> raw = sdk.chat().completions().withRawResponse().create(chat(10L));

        assertThat(servedBy(raw)).isEqualTo("dear");
        assertThat(raw.headers().values("X-Gateway-Attempts")).containsExactly("cheap=503(status), dear=200");
    }

    @Test
    void shouldPickTheFasterTargetOnceBothAreMeasured() throws Exception {
        FakeUpstream slow = fake("slow");
        FakeUpstream fast = fake("fast");
        slow.behave(after(slow, 300));
        fast.behave(after(fast, 1));
        OpenAIClient sdk = openAi(Algorithm.LOWEST_LATENCY, Configs.target("slow", slow.port()),
                Configs.target("fast", fast.port()));

        // Warm-up: each target earns its samples before the comparison starts.
        for (int i = 0; i < 6; i++) {
            servedBy(sdk.chat().completions().withRawResponse().create(chat(null)));
        }
        assertThat(slow.received()).as("the slow one was measured too").hasSize(3);
        assertThat(fast.received()).hasSize(3);
        for (int i = 0; i < 5; i++) {
            assertThat(servedBy(sdk.chat().completions().withRawResponse().create(chat(null)))).isEqualTo("fast");
        }

        Scrape scrape = new Scrape(h.admin("/metrics").body());
        double slowSeconds = scrape.find("aigw_target_latency_seconds", "target", "slow").get(0).value();
        double fastSeconds = scrape.find("aigw_target_latency_seconds", "target", "fast").get(0).value();
        assertThat(slowSeconds).isGreaterThanOrEqualTo(0.3);
        assertThat(fastSeconds).isLessThan(slowSeconds);
        assertThat(h.proxy.health().latencyMillis()).as("what status.health reports")
                .containsOnlyKeys(new TargetKey("u", "slow"), new TargetKey("u", "fast"))
                .hasEntrySatisfying(new TargetKey("u", "slow"), millis -> assertThat(millis).isGreaterThan(
                        h.proxy.health().latencyMillis().get(new TargetKey("u", "fast"))));
    }

    /**
     * A stream whose first event comes after {@code firstMillis} and whose end after {@code endMillis} more: the
     * event names the fake.
     */
    private FakeUpstream.Behaviour streaming(String name, long firstMillis, long endMillis) {
        String event = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + name
                + "\"},\"finish_reason\":null}]}\n\n";
        return (req, body) -> vertx.setTimer(firstMillis, first -> {
            req.response().setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").write(event);
            vertx.setTimer(endMillis, end -> req.response().end("data: [DONE]\n\n"));
        });
    }

    @Test
    void shouldCompareStreamsByTheirTimeToFirstByte() throws Exception {
        // early-start sends its first event at once and ends late; late-start the other way round.
        FakeUpstream earlyStart = fake("early-start");
        FakeUpstream lateStart = fake("late-start");
        earlyStart.behave(streaming("early-start", 1, 600));
        lateStart.behave(streaming("late-start", 300, 1));
        OpenAIClient sdk = openAi(Algorithm.LOWEST_LATENCY, Configs.target("late-start", lateStart.port()),
                Configs.target("early-start", earlyStart.port()));
        ChatCompletionCreateParams params = chat(null);

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            try (var raw = sdk.chat().completions().withRawResponse().createStreaming(params)) {
                assertThat(raw.statusCode()).isEqualTo(200);
                servedBy.add(raw.headers().values("X-Selected-Target").get(0));
                raw.parse().stream().forEach(chunk -> {
                });
            }
        }

        assertThat(servedBy.subList(0, 6)).as("warm-up: 3 each").containsOnly("late-start", "early-start")
                .filteredOn("early-start"::equals).hasSize(3);
        assertThat(servedBy.subList(6, 9)).containsOnly("early-start");
    }

    @Test
    void shouldListTheAttemptsOfASuccessAndOfAFailoverToAnOpenAiClient() throws Exception {
        FakeUpstream primary = fake("primary");
        FakeUpstream backup = fake("backup");
        OpenAIClient sdk = openAi(Algorithm.ROUND_ROBIN, Configs.target("primary", primary.port(), 1, 1),
                Configs.target("backup", backup.port(), 1, 2));

        HttpResponseFor<ChatCompletion> first = sdk.chat().completions().withRawResponse().create(chat(null));
        assertThat(first.headers().values("X-Gateway-Attempts")).containsExactly("primary=200");

        primary.behave((req, body) -> req.response().setStatusCode(429).putHeader(HttpHeaders.CONTENT_TYPE,
                "application/json").end("{\"error\":{\"message\":\"slow down, key sk-provider-secret\"}}"));
        HttpResponseFor<ChatCompletion> failedOver = sdk.chat().completions().withRawResponse()
                .create(chat(null));

        assertThat(servedBy(failedOver)).isEqualTo("backup");
        assertThat(failedOver.headers().values("X-Gateway-Attempts"))
                .containsExactly("primary=429(rate_limited), backup=200");
    }

    @Test
    void shouldListEveryFailedAttemptOnTheErrorAnswer() throws Exception {
        FakeUpstream primary = fake("primary").behave(FakeUpstream.status(500));
        FakeUpstream backup = fake("backup").behave(FakeUpstream.status(502));
        OpenAIClient sdk = openAi(Algorithm.ROUND_ROBIN, Configs.target("primary", primary.port(), 1, 1),
                Configs.target("backup", backup.port(), 1, 2));

        assertThatThrownBy(() -> sdk.chat().completions().create(chat(null)))
                .isInstanceOfSatisfying(InternalServerException.class, e -> assertThat(
                        e.headers().values("X-Gateway-Attempts"))
                        .containsExactly("primary=500(status), backup=502(status)"));

        primary.behave(FakeUpstream.status(503));
        backup.behave(FakeUpstream.status(429));
        assertThatThrownBy(() -> sdk.chat().completions().create(chat(null)))
                .isInstanceOfSatisfying(RateLimitException.class, e -> assertThat(
                        e.headers().values("X-Gateway-Attempts"))
                        .containsExactly("primary=503(status), backup=429(rate_limited)"));

        // The 429 paused backup: the next request is not sent to it, and the trail says why.
        assertThatThrownBy(() -> sdk.chat().completions().create(chat(null)))
                .isInstanceOfSatisfying(OpenAIServiceException.class, e -> assertThat(
                        e.headers().values("X-Gateway-Attempts"))
                        .containsExactly("primary=503(status), backup=rate_limited"));
        assertThat(backup.received()).hasSize(2);
    }

    @Test
    void shouldListTheAttemptsToAnAnthropicClient() throws Exception {
        FakeUpstream primary = fake("primary").behave(FakeUpstream.status(503));
        FakeUpstream backup = fake("backup");
        openAi(Algorithm.ROUND_ROBIN, Configs.target("primary", primary.port(), 1, 1),
                Configs.target("backup", backup.port(), 1, 2));
        AnthropicClient sdk = AnthropicSdk.client(h.proxy.port());
        closing.add(sdk::close);
        MessageCreateParams params = MessageCreateParams.builder().model("gpt-4o").maxTokens(64)
                .addUserMessage("Say hello").build();

        com.anthropic.core.http.HttpResponseFor<Message> raw = sdk.messages().withRawResponse().create(params);

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.headers().values("X-Gateway-Attempts")).containsExactly("primary=503(status), backup=200");
        assertThat(raw.parse().content().get(0).asText().text()).contains("backup");

        backup.behave(FakeUpstream.status(429));
        assertThatThrownBy(() -> sdk.messages().create(params))
                .isInstanceOfSatisfying(com.anthropic.errors.RateLimitException.class, e -> assertThat(
                        e.headers().values("X-Gateway-Attempts"))
                        .containsExactly("primary=503(status), backup=429(rate_limited)"));
    }
}
