package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.Algorithm;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Timeouts;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A target's requests from one replica are bounded by the upstream's maxConnectionsPerTarget; the excess waits for
 * a connection to come free, apart from the connect timeout, and past its own limit gets the gateway's overload
 * answer. None of this is the target's fault: its health stays untouched (one failure would mark it unhealthy
 * here).
 */
class ConnectionLimitIT extends TwoUpstreams {

    /** One failure is enough to take a target out: any health penalty shows. */
    private static final HealthChecks STRICT = new HealthChecks(true, 1, 60);
    private static final int CONNECT_MILLIS = 100;

    private void start(int maxConnections, int queueMillis) throws Exception {
        Timeouts timeouts = new Timeouts(CONNECT_MILLIS, 10_000, 10_000, queueMillis);
        h = ProxyHarness.start(vertx, Configs.simple(Configs.withMaxConnectionsPerTarget(
                Configs.upstream("u", Algorithm.ROUND_ROBIN, STRICT, timeouts, 1, target("a", a.port())),
                maxConnections)), Map.of());
    }

    private TargetHealth.Snapshot healthOfA() {
        return h.proxy.health().snapshot().entrySet().stream()
                .filter(e -> e.getKey().target().equals("a")).findFirst().orElseThrow().getValue();
    }

    private CompletableFuture<HttpResponse<String>> chatAsync() {
        return h.http.sendAsync(h.request("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"hi\"}]}"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + Configs.CLIENT_KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request that a answers only once released, holding one of a's connections meanwhile. */
    private record Held(Vertx vertx, Promise<Void> answer, CompletableFuture<HttpResponse<String>> response) {
        HttpResponse<String> release() throws Exception {
            // On an event loop, where the fake's response is written.
            vertx.runOnContext(v -> answer.tryComplete());
            return response.get(10, TimeUnit.SECONDS);
        }
    }

    private Held holdOneRequestOnA() {
        Promise<Void> answer = Promise.promise();
        a.behave((req, body) -> answer.future().onComplete(v -> a.ok().respond(req, body)));
        CompletableFuture<HttpResponse<String>> response = chatAsync();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.received().size() == 1);
        return new Held(vertx, answer, response);
    }

    @Test
    void shouldQueueRequestsBeyondTheLimitWithoutCountingTheWaitAsConnectTime() throws Exception {
        start(2, 20_000);
        AtomicInteger current = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        a.behave((req, body) -> {
            most.accumulateAndGet(current.incrementAndGet(), Math::max);
            // Each answer takes longer than the connect timeout, so the queued requests wait for several of them.
            vertx.setTimer(3L * CONNECT_MILLIS, id -> {
                current.decrementAndGet();
                a.ok().respond(req, body);
            });
        });
        List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            sent.add(chatAsync());
        }
        for (CompletableFuture<HttpResponse<String>> r : sent) {
            assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(a.received()).hasSize(8);
        assertThat(most.get()).isEqualTo(2);
        assertThat(healthOfA().healthy()).isTrue();
        assertThat(healthOfA().consecutiveFailures()).isZero();
    }

    @Test
    void shouldAnswerOverloadedInTheClientsFormatAndKeepTheTargetHealthyWhenNoConnectionFreesInTime()
            throws Exception {
        start(1, 300);
        Held held = holdOneRequestOnA();

        HttpResponse<String> openAi = h.chat("gpt-4o");
        assertThat(openAi.statusCode()).isEqualTo(503);
        assertThat(openAi.headers().firstValue("Retry-After")).hasValue("1");
        JsonObject error = new JsonObject(openAi.body()).getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("gateway_overloaded");
        assertThat(error.getString("message")).contains("a: no free connection within 300 ms");

        HttpResponse<String> anthropic = h.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":16,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "x-api-key", Configs.CLIENT_KEY,
                "anthropic-version", "2023-06-01");
        assertThat(anthropic.statusCode()).isEqualTo(529);
        assertThat(anthropic.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(new JsonObject(anthropic.body()).getJsonObject("error").getString("type"))
                .isEqualTo("overloaded_error");

        assertThat(a.received()).hasSize(1);
        assertThat(healthOfA().healthy()).isTrue();
        assertThat(healthOfA().consecutiveFailures()).isZero();

        assertThat(held.release().statusCode()).isEqualTo(200);
        // The slot is free again, and the target still serves.
        a.behave(a.ok());
        assertThat(h.chat("gpt-4o").statusCode()).isEqualTo(200);
        assertThat(a.received()).hasSize(2);
    }

    @Test
    void shouldTryTheNextTargetWhenOnesConnectionsStayBusy() throws Exception {
        Timeouts timeouts = new Timeouts(CONNECT_MILLIS, 10_000, 10_000, 300);
        h = ProxyHarness.start(vertx, Configs.simple(Configs.withMaxConnectionsPerTarget(
                Configs.upstream("u", Algorithm.ROUND_ROBIN, STRICT, timeouts, 2, target("a", a.port(), 1, 1),
                        target("b", b.port(), 1, 2)), 1)), Map.of());
        Held held = holdOneRequestOnA();

        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Selected-Target")).hasValue("b");
        assertThat(healthOfA().healthy()).isTrue();

        assertThat(held.release().statusCode()).isEqualTo(200);
    }
}
