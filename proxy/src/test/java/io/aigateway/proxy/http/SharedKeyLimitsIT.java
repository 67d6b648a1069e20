package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RateLimitStore.FailMode;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.LocalWindowCounters;
import io.aigateway.proxy.limits.RedisStoreSettings;
import io.aigateway.proxy.limits.RedisWindowCounters;
import io.aigateway.proxy.limits.UsageCounters;
import io.aigateway.proxy.limits.Window;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.KeyLimitConfigs;
import io.aigateway.proxy.support.MovableClock;
import io.aigateway.proxy.support.MutableConfigSource;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.RedisServer;
import io.aigateway.proxy.support.Scrape;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Client-key limits held by two proxy replicas of one gateway sharing one Redis, as their config's
 * {@code rateLimitStore} names it: exactly the key's limit across both under concurrent load (twice it with local
 * stores), a crashed replica's reservations expiring with its lease, a Redis outage in fail mode {@code open} and
 * {@code closed} and the recovery, and a config change that swaps the store.
 */
class SharedKeyLimitsIT extends TwoUpstreams {

    private static final int LIMIT = 10;

    /** The start of a minute, standing still: the sliding window lets nothing of a previous minute through. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final String gateway = "gw-" + System.nanoTime();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closed(T resource) {
        closing.add(resource);
        return resource;
    }

    private RoutingConfig config(UsageLimits teamA, RateLimitStore store) {
        return KeyLimitConfigs.config(gateway, KeyLimitConfigs.keys(teamA, null, null), null, store,
                Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.target("a", a.port(), 1, 1)));
    }

    /** A timeout a loaded machine's slow answer stays within: a stopped Redis refuses connections at once. */
    private static RateLimitStore store(RedisServer redis, FailMode failMode) {
        return new RateLimitStore(redis.address(), 0, null, null, failMode, 5_000);
    }

    private ProxyHarness replica(RoutingConfig config) throws Exception {
        return closed(ProxyHarness.start(vertx, config, Map.of(), clock));
    }

    private OpenAIClient openAi(ProxyHarness replica) {
        OpenAIClient client = OpenAiSdk.client(replica.proxy.port(), KeyLimitConfigs.TEAM_A);
        closed(client::close);
        return client;
    }

    /** A chat completion: its status, 200 or the error's. */
    private static int chat(OpenAIClient client) {
        try {
            client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                    .addUserMessage("hi").maxCompletionTokens(16).build());
            return 200;
        } catch (com.openai.errors.OpenAIServiceException e) {
            return e.statusCode();
        }
    }

    /** 4 x LIMIT requests from 8 threads, alternating between the replicas: how many got an answer. */
    private long concurrentSuccesses(ProxyHarness first, ProxyHarness second) throws Exception {
        OpenAIClient toFirst = openAi(first);
        OpenAIClient toSecond = openAi(second);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < 4 * LIMIT; i++) {
                OpenAIClient client = i % 2 == 0 ? toFirst : toSecond;
                statuses.add(pool.submit(() -> chat(client)));
            }
            long ok = 0;
            for (Future<Integer> f : statuses) {
                int status = f.get(60, TimeUnit.SECONDS);
                assertThat(status).isIn(200, 429);
                ok += status == 200 ? 1 : 0;
            }
            return ok;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldLetExactlyTheKeysLimitThroughAcrossTwoReplicasUnderConcurrentLoad() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RoutingConfig config = config(new UsageLimits(LIMIT, null, null, null), store(redis, FailMode.CLOSED));

            assertThat(concurrentSuccesses(replica(config), replica(config))).isEqualTo(LIMIT);
            assertThat(a.received()).hasSize(LIMIT);
        }
    }

    @Test
    void shouldLetTwiceTheKeysLimitThroughTwoReplicasThatCountAlone() throws Exception {
        RoutingConfig config = config(new UsageLimits(LIMIT, null, null, null), null);

        assertThat(concurrentSuccesses(replica(config), replica(config))).as("local stores: per replica")
                .isEqualTo(2 * LIMIT);
    }

    @Test
    void shouldExpireTheReservationsOfAReplicaThatStoppedBetweenReserveAndSettle() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            RoutingConfig config = config(new UsageLimits(null, null, 10_000L, null), store(redis, FailMode.CLOSED));
            // The crashing replica counts in a store of its own with a short lease, which the test stops.
            RedisWindowCounters crashingStore = new RedisWindowCounters(vertx, new RedisStoreSettings(
                    redis.address(), 0, null, null, Duration.ofSeconds(2), FailMode.CLOSED, Duration.ofSeconds(1)),
                    gateway, clock);
            ProxyHarness crashing = closed(ProxyHarness.start(vertx, config(new UsageLimits(null, null, 10_000L,
                    null), null), Map.of(), clock, crashingStore));
            ProxyHarness survivor = replica(config);
            WindowCounters.Counter tokens = UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-a", Window.DAY);
            a.behave((req, body) -> { }); // never answers: the request stays between reserve and settle

            crashing.http.sendAsync(crashing.request("/v1/chat/completions")
                    .header("Authorization", "Bearer " + KeyLimitConfigs.TEAM_A)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[]}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 1);
            assertThat(count(survivor, tokens)).as("the crashing replica's reservation counts for both")
                    .isGreaterThan(16);

            crashingStore.close(); // the replica stops: nothing more of it reaches Redis, its lease lapses
            await().atMost(Duration.ofSeconds(5)).until(() -> count(survivor, tokens) == 0);
        }
    }

    @Test
    void shouldKeepServingWithNoFailedRequestWhileRedisIsDownInFailModeOpen() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            ProxyHarness replica = replica(config(new UsageLimits(1_000, null, null, null),
                    store(redis, FailMode.OPEN)));
            OpenAIClient client = openAi(replica);
            assertThat(chat(client)).isEqualTo(200);

            redis.stop();
            for (int i = 0; i < 5; i++) {
                assertThat(chat(client)).as("request %d during the outage", i).isEqualTo(200);
            }
            assertThat(replica.proxy.rateLimitStore().available()).isFalse();
            assertThat(new Scrape(replica.proxy.metrics().scrape())
                    .sum("aigw_rate_limit_store_available")).isZero();

            redis.startAgain();
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.proxy.rateLimitStore().available());
            assertThat(chat(client)).isEqualTo(200);
            assertThat(count(replica, UsageCounters.requests(UsageCounters.KEY_SCOPE, "team-a")))
                    .as("counted in Redis again, which restarted empty").isEqualTo(1);
        }
    }

    @Test
    void shouldAnswer503InTheClientsFormatWhileRedisIsDownInFailModeClosedAndRecover() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            ProxyHarness replica = replica(config(new UsageLimits(1_000, null, null, null),
                    store(redis, FailMode.CLOSED)));
            OpenAIClient openAi = openAi(replica);
            AnthropicClient anthropic = AnthropicSdk.client(replica.proxy.port(), KeyLimitConfigs.TEAM_A);
            closed(anthropic::close);
            assertThat(chat(openAi)).isEqualTo(200);

            redis.stop();
            assertThatThrownBy(() -> openAi.chat().completions().create(ChatCompletionCreateParams.builder()
                    .model("gpt-4o").addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(com.openai.errors.InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.code()).hasValue("rate_limit_store_unavailable");
                        assertThat(e.getMessage()).contains("rate-limit store");
                        assertThat(e.headers().values("Retry-After")).containsExactly("2");
                    });
            assertThatThrownBy(() -> anthropic.messages().create(MessageCreateParams.builder().model("gpt-4o")
                    .maxTokens(16).addUserMessage("hi").build()))
                    .isInstanceOfSatisfying(com.anthropic.errors.InternalServerException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(503);
                        assertThat(e.getMessage()).contains("overloaded_error", "rate-limit store");
                        assertThat(e.headers().values("Retry-After")).containsExactly("2");
                    });
            assertThat(a.received()).as("nothing sent uncounted").hasSize(1);
            assertThat(replica.proxy.metrics().scrape()).contains("limit=\"storeUnavailable\"");

            redis.startAgain();
            await().atMost(Duration.ofSeconds(10)).until(() -> chat(openAi) == 200);
        }
    }

    @Test
    void shouldSwapTheStoreWhenTheConfigChangesItAndKeepTheCountsWhenItDoesNot() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            MutableConfigSource source = new MutableConfigSource(
                    Configs.json(config(new UsageLimits(2, null, null, null), null)), Map.of());
            ProxyHarness replica = closed(ProxyHarness.start(vertx, source, clock));
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.proxy.currentConfig() != null);
            OpenAIClient client = openAi(replica);
            WindowCounters local = replica.proxy.rateLimitStore().current();
            assertThat(local).isInstanceOf(LocalWindowCounters.class);
            assertThat(chat(client)).isEqualTo(200);

            long accepted = replica.proxy.acceptedConfigs();
            source.push(Configs.json(config(new UsageLimits(2, 500L, null, null), null)), Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.proxy.acceptedConfigs() > accepted);
            assertThat(replica.proxy.rateLimitStore().current()).as("same store").isSameAs(local);
            assertThat(chat(client)).isEqualTo(200);
            assertThat(chat(client)).as("the count before the reload still counts").isEqualTo(429);

            source.push(Configs.json(config(new UsageLimits(2, null, null, null), store(redis, FailMode.CLOSED))),
                    Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.proxy.rateLimitStore().current()
                    instanceof RedisWindowCounters);
            assertThat(chat(client)).as("Redis counts from zero").isEqualTo(200);
            assertThat(count(replica, UsageCounters.requests(UsageCounters.KEY_SCOPE, "team-a"))).isEqualTo(1);
        }
    }

    @Test
    void shouldSettleInTheStoreSwappedOutAndCloseItOnceItsLastReservationIsSettled() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            UsageLimits daily = new UsageLimits(null, null, 10_000L, null);
            MutableConfigSource source = new MutableConfigSource(
                    Configs.json(config(daily, store(redis, FailMode.CLOSED))), Map.of());
            ProxyHarness replica = closed(ProxyHarness.start(vertx, source, clock));
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.proxy.rateLimitStore().current()
                    instanceof RedisWindowCounters);
            RedisWindowCounters reader = new RedisWindowCounters(vertx, RedisStoreSettings.of(redis.address()),
                    gateway, clock);
            closed(reader);
            WindowCounters.Counter tokens = UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-a", Window.DAY);
            Promise<Void> answer = Promise.promise();
            // The first answer reports its usage, the second none: its estimate is kept.
            String withoutUsage = "{\"model\":\"gpt-4o\",\"messages\":[],\"max_tokens\":200}";
            a.behave((req, body) -> answer.future().onComplete(v -> req.response()
                    .putHeader("Content-Type", "application/json").end(body.toString().equals(withoutUsage)
                            ? FakeUpstream.chatCompletion("a").replaceFirst(",\"usage\":\\{[^}]*}", "")
                            : FakeUpstream.chatCompletion("a"))));
            CompletableFuture<HttpResponse<String>> first = send(replica,
                    "{\"model\":\"gpt-4o\",\"messages\":[],\"max_tokens\":100}");
            CompletableFuture<HttpResponse<String>> second = send(replica, withoutUsage);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 2);
            assertThat(result(reader.count(tokens))).as("reserved in Redis").isGreaterThan(300);

            source.push(Configs.json(config(daily, null)), Map.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> replica.proxy.rateLimitStore().current()
                    instanceof LocalWindowCounters);
            int connected = connectedClients(redis);
            answer.complete();

            assertThat(first.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(second.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            long kept = (withoutUsage.length() + 3) / 4 + 200;
            await().atMost(Duration.ofSeconds(5)).until(() -> result(reader.count(tokens)) == 2 + kept);
            await("the store swapped out closed once unused").atMost(Duration.ofSeconds(5))
                    .until(() -> connectedClients(redis) < connected);
        }
    }

    private static CompletableFuture<HttpResponse<String>> send(ProxyHarness replica, String body) {
        return replica.http.sendAsync(replica.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + KeyLimitConfigs.TEAM_A).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldReleaseTheReservationOfAClientThatLeftWhileItsRequestWasBeingAdmitted() throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            // Redis slower than the client's patience, well within the store's timeout.
            ProxyHarness replica = replica(config(new UsageLimits(null, null, 10_000L, null), new RateLimitStore(
                    redis.address(), 0, null, null, FailMode.CLOSED, 10_000)));
            WindowCounters.Counter tokens = UsageCounters.tokens(UsageCounters.KEY_SCOPE, "team-a", Window.DAY);
            assertThat(chat(openAi(replica))).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> count(replica, tokens) == 2); // its usage, settled

            redis.pause();
            CompletableFuture<HttpResponse<String>> impatient = replica.http.sendAsync(
                    replica.request("/v1/chat/completions").timeout(Duration.ofMillis(500))
                            .header("Authorization", "Bearer " + KeyLimitConfigs.TEAM_A)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[]}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(impatient::isDone);
            // The proxy saw the client go: its request is recorded as cut.
            await().atMost(Duration.ofSeconds(5)).until(() -> new Scrape(replica.proxy.metrics().scrape())
                    .sum("aigw_requests_total", "status_class", "cut") == 1);
            redis.resume();

            await().atMost(Duration.ofSeconds(5)).until(() -> count(replica, tokens) == 2);
            assertThat(a.received()).as("sent nowhere").hasSize(1);
        }
    }

    /** How many connections the server has, this question's own included. */
    private int connectedClients(RedisServer redis) throws Exception {
        Redis client = Redis.createClient(vertx, redis.address());
        try {
            String info = result(client.send(Request.cmd(Command.INFO).arg("clients"))).toString();
            return Integer.parseInt(info.lines().filter(l -> l.startsWith("connected_clients:")).findFirst()
                    .orElseThrow().substring("connected_clients:".length()).trim());
        } finally {
            client.close();
        }
    }

    private static <T> T result(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static long count(ProxyHarness replica, WindowCounters.Counter counter) throws Exception {
        return result(replica.proxy.rateLimitStore().current().count(counter));
    }
}
