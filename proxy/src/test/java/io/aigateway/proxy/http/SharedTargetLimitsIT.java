package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.RateLimit;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.MovableClock;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.RedisServer;
import io.aigateway.proxy.support.TwoUpstreams;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two proxy replicas of one gateway counting their per-target limits in one Redis: a target's
 * {@code requestsPerMinute} holds for the gateway, not per replica. Target {@code a} (limited) is tried first,
 * {@code b} (unlimited) takes the rest.
 */
class SharedTargetLimitsIT extends TwoUpstreams {

    private static RedisServer redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Test
    void shouldLetExactlyTheTargetsLimitThroughAcrossTwoReplicasUnderConcurrentLoad() throws Exception {
        // The start of a minute, standing still: the sliding window lets nothing of a previous minute through.
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        RoutingConfig simple = Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN,
                Configs.withRateLimit(Configs.target("a", a.port(), 1, 1), new RateLimit(10, null, null)),
                Configs.target("b", b.port(), 1, 2)));
        // Each replica builds its store from the config, as in a cluster.
        RoutingConfig config = new RoutingConfig(simple.schemaVersion(), simple.revision(), simple.gateway(),
                simple.namespace(), simple.hostnames(), simple.clientKeyHeaders(), simple.maxRequestBodyBytes(),
                simple.routes(), simple.services(), simple.upstreams(), simple.clientKeys(), simple.clientTimeouts(),
                new RateLimitStore(redis.address(), 0, null, null, RateLimitStore.FailMode.CLOSED, 5_000));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        h = ProxyHarness.start(vertx, config, Map.of(), clock);
        OpenAIClient toFirst = OpenAiSdk.client(h.proxy.port());
        try (ProxyHarness second = ProxyHarness.start(vertx, config, Map.of(), clock)) {
            OpenAIClient toSecond = OpenAiSdk.client(second.proxy.port());
            List<Future<String>> answered = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                OpenAIClient client = i % 2 == 0 ? toFirst : toSecond;
                answered.add(pool.submit(() -> chat(client)));
            }
            List<String> targets = new ArrayList<>();
            for (Future<String> f : answered) {
                targets.add(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(targets).filteredOn("a"::equals).hasSize(10);
            assertThat(targets).filteredOn("b"::equals).hasSize(30);
            assertThat(a.received()).hasSize(10);
            assertThat(second.proxy.limits().snapshot().toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).get(new TargetKey("u", "a")).requestsLeft())
                    .as("each replica sees the gateway's count").isZero();
            toSecond.close();
        } finally {
            toFirst.close();
            pool.shutdownNow();
            h.close();
            h = null;
        }
    }

    /** A chat completion; the target that answered it. */
    private static String chat(OpenAIClient client) {
        try (HttpResponseFor<ChatCompletion> r = client.chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").maxCompletionTokens(16)
                        .build())) {
            r.parse();
            return r.headers().values("X-Selected-Target").get(0);
        }
    }
}
