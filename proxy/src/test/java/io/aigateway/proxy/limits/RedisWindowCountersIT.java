package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.RateLimitStore.FailMode;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Outcome;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.support.LogCapture;
import io.aigateway.proxy.support.RedisServer;
import io.aigateway.proxy.support.Scrape;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared store against a real {@code redis-server}: the contract, and what only a shared store does. */
class RedisWindowCountersIT extends WindowCountersContract {

    private static final Duration SHORT_LEASE = Duration.ofSeconds(1);
    /** Long enough for a cold JVM's first burst on a loaded machine: a late answer is counted locally. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** For the tests of an outage, that wait for the timeout; long enough that a loaded machine does not time out. */
    private static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    private static Vertx vertx;
    private static RedisServer server;

    /** This test's gateway: its replicas share counts with each other and with no other test. */
    private final String gateway = "gw-" + UUID.randomUUID();
    private final List<RedisWindowCounters> opened = new ArrayList<>();

    @BeforeAll
    static void startRedis() {
        vertx = Vertx.vertx();
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
        vertx.close();
    }

    @AfterEach
    void closeReplicas() {
        opened.forEach(RedisWindowCounters::close);
    }

    @Override
    protected WindowCounters replica() {
        // Closed: a contract test must not pass on the local fallback when Redis fails it.
        return replica(server, FailMode.CLOSED, null, TIMEOUT);
    }

    private RedisWindowCounters replica(RedisServer on, FailMode failMode, String password) {
        return replica(on, failMode, password, SHORT_TIMEOUT);
    }

    private RedisWindowCounters replica(RedisServer on, FailMode failMode, String password, Duration timeout) {
        return replica(new RedisStoreSettings(on.address(), 0, null, password, timeout, failMode, SHORT_LEASE));
    }

    private RedisWindowCounters replica(RedisStoreSettings settings) {
        RedisWindowCounters replica = new RedisWindowCounters(vertx, settings, gateway, clock);
        opened.add(replica);
        return replica;
    }

    private static Response redis(RedisServer on, Request request) {
        Redis client = Redis.createClient(vertx, on.address());
        try {
            return result(client.send(request));
        } finally {
            client.close();
        }
    }

    @Test
    void shouldExpireTheReservationsOfAReplicaThatStoppedRenewingItsLease() {
        RedisWindowCounters crashing = (RedisWindowCounters) counters;
        WindowCounters survivor = replica();
        Claim daily = claim("tokensPerDay", "t", Window.DAY, 10_000, 500);
        result(crashing.settle(reserved(result(crashing.reserve(List.of(daily)))), c -> 100));
        reserved(result(crashing.reserve(List.of(daily))));
        assertThat(result(survivor.count(daily.counter()))).isEqualTo(600);

        crashing.close(); // its lease is no longer renewed: as if the replica had died before settling

        await().atMost(SHORT_LEASE.multipliedBy(3)).until(() -> result(survivor.count(daily.counter())) == 100);
        reserved(result(survivor.reserve(List.of(claim("tokensPerDay", "t", Window.DAY, 10_000, 9_900)))));
    }

    @Test
    void shouldSendTheCallsOfOneEventLoopTurnInOneWriteAndAnswerEachInTurn() {
        RedisWindowCounters replica = (RedisWindowCounters) counters;
        reserved(take(1, 20)); // the script loaded; this call came from no event loop, so alone
        long readsBefore = readsProcessed();

        List<Outcome> outcomes = onOneTurn(replica, 20, perMinute(10, 1));

        // Redis read the turn's calls together (the lease renewals may add a read or two meanwhile).
        assertThat(readsProcessed() - readsBefore).isLessThan(10);
        // Each call got its own answer, in the order made: 9 fit beside the first, the rest are refused.
        assertThat(outcomes.subList(0, 9)).allMatch(o -> o instanceof Outcome.Reserved);
        assertThat(outcomes.subList(9, 20)).allMatch(o -> o instanceof Outcome.Refused);
        assertThat(count("k", Window.MINUTE)).isEqualTo(10);
    }

    @Test
    void shouldSendATurnsCallsAgainOneByOneWhenRedisLostTheScript() {
        RedisWindowCounters replica = (RedisWindowCounters) counters;
        reserved(take(1, 100));
        redis(server, Request.cmd(Command.SCRIPT).arg("FLUSH")); // as a restart would

        List<Outcome> outcomes = onOneTurn(replica, 10, perMinute(100, 1));

        assertThat(outcomes).allMatch(o -> o instanceof Outcome.Reserved);
        assertThat(count("k", Window.MINUTE)).as("each reserve counted once").isEqualTo(11);
    }

    /** {@code calls} reserves of {@code claim} made in one turn of an event loop, as requests make them. */
    private static List<Outcome> onOneTurn(RedisWindowCounters replica, int calls, Claim claim) {
        Promise<List<Outcome>> outcomes = Promise.promise();
        vertx.runOnContext(turn -> {
            List<Future<Outcome>> made = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                made.add(replica.reserve(List.of(claim)));
            }
            Future.all(made).map(all -> made.stream().map(Future::result).toList()).onComplete(outcomes);
        });
        return result(outcomes.future());
    }

    private static long readsProcessed() {
        String stats = redis(server, Request.cmd(Command.INFO).arg("stats")).toString();
        return stats.lines().filter(line -> line.startsWith("total_reads_processed:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim())).findFirst()
                .orElseThrow();
    }

    @Test
    void shouldNamespaceKeysAndLetEveryOneExpire() {
        reserve(claim("requestsPerMinute", "chat/openai/requests", Window.MINUTE, 10, 1),
                claim("tokensPerMonth", "chat/openai/tokens", Window.MONTH, 10, 1));

        List<String> keys = new ArrayList<>();
        redis(server, Request.cmd(Command.KEYS).arg("aigw:{" + gateway + "}:*")).forEach(k -> keys.add(k.toString()));

        assertThat(keys).hasSize(3).allSatisfy(key -> assertThat(key).doesNotContain("openai"));
        assertThat(keys).anyMatch(k -> k.matches("aigw:\\{" + gateway + "}:test:[0-9a-f]{32}:m29453760"))
                .anyMatch(k -> k.matches("aigw:\\{" + gateway + "}:test:[0-9a-f]{32}:M202601"))
                .anyMatch(k -> k.startsWith("aigw:{" + gateway + "}:lease:"));
        for (String key : keys) {
            assertThat(redis(server, Request.cmd(Command.PTTL).arg(key)).toLong()).as(key).isPositive();
        }
    }

    @Test
    void shouldCountLocallyWhileRedisIsDownInFailModeOpenAndRecover() {
        try (RedisServer outage = RedisServer.start()) {
            RedisWindowCounters replica = replica(outage, FailMode.OPEN, null);
            ProxyMetrics metrics = new ProxyMetrics();
            metrics.watch(new RateLimitStores(vertx, clock, replica));
            Claim one = perMinute(100, 1);
            reserved(result(replica.reserve(List.of(one))));

            outage.stop();
            reserved(result(replica.reserve(List.of(one))));
            assertThat(replica.available()).isFalse();
            assertThat(new Scrape(metrics.scrape()).sum("aigw_rate_limit_store_available")).isZero();
            assertThat(new Scrape(metrics.scrape()).sum("aigw_rate_limit_store_errors_total")).isPositive();
            reserved(result(replica.reserve(List.of(one))));
            assertThat(result(replica.count(one.counter()))).as("counted by this replica alone").isEqualTo(2);

            outage.startAgain(); // empty, without the script: NOSCRIPT, then loaded again
            await().atMost(Duration.ofSeconds(5)).until(replica::available);
            reserved(result(replica.reserve(List.of(one))));
            assertThat(result(replica(outage, FailMode.OPEN, null).count(one.counter()))).isEqualTo(1);
            assertThat(new Scrape(metrics.scrape()).sum("aigw_rate_limit_store_available")).isEqualTo(1);
            metrics.close();
        }
    }

    @Test
    void shouldRefuseWhileRedisIsDownInFailModeClosedAndRecover() {
        try (RedisServer outage = RedisServer.start()) {
            RedisWindowCounters replica = replica(outage, FailMode.CLOSED, null);
            Claim one = perMinute(100, 1);
            reserved(result(replica.reserve(List.of(one))));

            outage.stop();
            assertThat(result(replica.reserve(List.of(one)))).isEqualTo(new Outcome.Unavailable());
            assertThat(result(replica.reserve(List.of(one)))).isEqualTo(new Outcome.Unavailable());

            outage.startAgain();
            await().atMost(Duration.ofSeconds(5)).until(replica::available);
            reserved(result(replica.reserve(List.of(one))));
        }
    }

    @Test
    void shouldGiveUpOnASlowRedisWithinTheTimeout() {
        try (RedisServer slow = RedisServer.start()) {
            RedisWindowCounters replica = replica(slow, FailMode.CLOSED, null);
            reserved(result(replica.reserve(List.of(perMinute(100, 1)))));

            slow.pause();
            long started = System.nanoTime();
            Outcome outcome = result(replica.reserve(List.of(perMinute(100, 1))));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(outcome).isEqualTo(new Outcome.Unavailable());
            assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(SHORT_TIMEOUT.plusSeconds(2));
            slow.resume();
            await().atMost(Duration.ofSeconds(5)).until(replica::available);
            reserved(result(replica.reserve(List.of(perMinute(100, 1)))));
        }
    }

    @Test
    void shouldAuthenticateAndNeverShowThePassword() {
        String password = "s3cret-" + UUID.randomUUID();
        try (RedisServer guarded = RedisServer.start("--requirepass", password);
                LogCapture logs = LogCapture.start()) {
            reserved(result(replica(guarded, FailMode.CLOSED, password).reserve(List.of(perMinute(1, 1)))));

            RedisWindowCounters wrong = replica(guarded, FailMode.CLOSED, password + "-wrong");
            assertThat(result(wrong.reserve(List.of(perMinute(1, 1))))).isEqualTo(new Outcome.Unavailable());
            assertThat(wrong.available()).isFalse();

            assertThat(logs.text()).contains("unavailable").doesNotContain(password);
            assertThat(new RedisStoreSettings(guarded.address(), 0, null, password, null, null, null).toString())
                    .doesNotContain(password);
        }
    }

    @Test
    void shouldAuthenticateAsAnAclUserInTheDatabaseGiven() {
        String password = "p@ss word/" + UUID.randomUUID();
        try (RedisServer acl = RedisServer.start("--user", "default", "off", "--user", "limits", "on",
                ">" + password, "~*", "&*", "+@all");
                LogCapture logs = LogCapture.start()) {
            RedisWindowCounters replica = replica(new RedisStoreSettings(acl.address(), 3, "limits", password,
                    TIMEOUT, FailMode.CLOSED, SHORT_LEASE));
            reserved(result(replica.reserve(List.of(perMinute(1, 1)))));
            RedisWindowCounters wrong = replica(new RedisStoreSettings(acl.address(), 3, "limits", password + "-x",
                    TIMEOUT, FailMode.CLOSED, SHORT_LEASE));
            assertThat(result(wrong.reserve(List.of(perMinute(1, 1))))).isEqualTo(new Outcome.Unavailable());
            assertThat(logs.text()).contains("unavailable").doesNotContain(password);

            Redis admin = Redis.createClient(vertx, "redis://limits:" + URLEncoder.encode(password,
                    StandardCharsets.UTF_8).replace("+", "%20") + "@127.0.0.1:" + acl.port() + "/3");
            try {
                assertThat(result(admin.send(Request.cmd(Command.DBSIZE))).toLong()).as("keys in database 3")
                        .isPositive();
            } finally {
                admin.close();
            }
        }
    }
}
