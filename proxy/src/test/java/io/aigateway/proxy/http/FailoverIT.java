package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.Algorithm;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.proxy.support.ClosedPorts;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FailoverIT extends TwoUpstreams {

    private static final Timeouts FAST = new Timeouts(1_000, 400, 2_000, 1_000);
    private static final HealthChecks LENIENT = new HealthChecks(true, 100, 60);

    /** a first (priority 1), then b (priority 2). */
    private void start(HealthChecks health, Target first, Target second) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, health, FAST, 2,
                first, second)), Map.of());
    }

    private void startPrimaryAndBackup() throws Exception {
        start(LENIENT, target("a", a.port(), 1, 1), target("b", b.port(), 1, 2));
    }

    private static String selected(HttpResponse<?> r) {
        return r.headers().firstValue("X-Selected-Target").orElse(null);
    }

    private static JsonObject error(HttpResponse<String> r) {
        return new JsonObject(r.body()).getJsonObject("error");
    }

    @Test
    void shouldFailOverWhenPrimaryReturns500() throws Exception {
        startPrimaryAndBackup();
        a.behave(FakeUpstream.status(500));
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(selected(r)).isEqualTo("b");
        assertThat(r.body()).contains("\"b\"");
        assertThat(a.received()).hasSize(1);
        assertThat(b.last().body()).isEqualTo(a.last().body());
    }

    @Test
    void shouldFailOverWhenPrimaryReturns503() throws Exception {
        startPrimaryAndBackup();
        a.behave(FakeUpstream.status(503));
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("b");
        assertThat(a.received()).hasSize(1);
    }

    @Test
    void shouldNotFailOverOn4xxOtherThan429() throws Exception {
        startPrimaryAndBackup();
        a.behave(FakeUpstream.status(400));
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(selected(r)).isEqualTo("a");
        assertThat(b.received()).isEmpty();
    }

    @Test
    void shouldSkipATargetForItsRetryAfterOn429() throws Exception {
        startPrimaryAndBackup();
        a.behave((req, body) -> req.response().setStatusCode(429).putHeader("Retry-After", "1").end("{}"));
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("b");
        assertThat(a.received()).hasSize(1);

        a.behave(a.ok());
        // Blocked: the next requests go straight to b without touching a.
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("b");
        assertThat(a.received()).hasSize(1);
        // Once the second has passed, a serves again.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> "a".equals(selected(h.chat("gpt-4o"))));
    }

    @Test
    void shouldFailOverWhenPrimaryRefusesConnections() throws Exception {
        int closedPort = ClosedPorts.loopback();
        start(LENIENT, target("a", closedPort, 1, 1), target("b", b.port(), 1, 2));
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(selected(r)).isEqualTo("b");
    }

    @Test
    void shouldFailOverWhenPrimaryDoesNotAnswerInTime() throws Exception {
        startPrimaryAndBackup();
        a.behave((req, body) -> {
            // Never answers.
        });
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(selected(r)).isEqualTo("b");
        assertThat(a.received()).hasSize(1);
    }

    @Test
    void shouldAnswer504NamingEachTargetWhenAllTimedOut() throws Exception {
        startPrimaryAndBackup();
        a.behave((req, body) -> {
        });
        b.behave((req, body) -> {
        });
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(error(r).getString("code")).isEqualTo("upstream_timeout");
        assertThat(error(r).getString("message")).contains("a: timeout after 400 ms", "b: timeout after 400 ms");
    }

    @Test
    void shouldAnswer502NamingEachTargetAndWhy() throws Exception {
        start(LENIENT, target("a", a.port(), 1, 1), target("b", ClosedPorts.loopback(), 1, 2));
        a.behave(FakeUpstream.status(500));
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(error(r).getString("type")).isEqualTo("server_error");
        assertThat(error(r).getString("message")).contains("a: 500").contains("b: connection refused");
        assertThat(r.body()).doesNotContain("fake 500");
    }

    @Test
    void shouldAnswerTheLast429WhenEveryTargetFailed() throws Exception {
        startPrimaryAndBackup();
        a.behave(FakeUpstream.status(500));
        b.behave((req, body) -> req.response().setStatusCode(429).putHeader("Retry-After", "7").end("{}"));
        HttpResponse<String> r = h.chat("gpt-4o");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(error(r).getString("code")).isEqualTo("rate_limit_exceeded");
        assertThat(error(r).getString("message")).contains("a: 500", "b: 429");
    }

    @Test
    void shouldSkipAnUnhealthyTargetUntilItsIntervalHasPassed() throws Exception {
        start(new HealthChecks(true, 2, 1), target("a", a.port(), 1, 1), target("b", b.port(), 1, 2));
        a.behave(FakeUpstream.status(500));
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("b");
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("b");
        assertThat(a.received()).hasSize(2);

        // Two consecutive failures: a is out of rotation.
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("b");
        assertThat(a.received()).hasSize(2);

        // After the interval a trial goes to a; it succeeds, so a is back.
        a.behave(a.ok());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> "a".equals(selected(h.chat("gpt-4o"))));
        assertThat(selected(h.chat("gpt-4o"))).isEqualTo("a");
    }

    @Test
    void shouldNotRetryOnceBytesWentToTheClient() throws Exception {
        startPrimaryAndBackup();
        a.behave((req, body) -> {
            var resp = req.response().setChunked(true).putHeader("Content-Type", "text/plain");
            resp.write("partial-").onComplete(ar -> req.connection().close());
        });
        // Not a chat request: a chat completion in text/plain would fail over before its first byte.
        HttpResponse<InputStream> r = h.http.send(h.request("/v1/audio/speech")
                .header("Authorization", "Bearer " + Configs.CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(selected(r)).isEqualTo("a");
        // The upstream died mid-body: the client's response is cut (whether or not the partial bytes arrived before
        // the reset), never completed from another target.
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class);
        assertThat(b.received()).isEmpty();
    }

    @Test
    void shouldCutAResponseWhoseBodyGoesSilentForTheIdleTimeout() throws Exception {
        startPrimaryAndBackup();
        CompletableFuture<Void> upstreamClosed = new CompletableFuture<>();
        a.behave((req, body) -> {
            req.connection().closeHandler(v -> upstreamClosed.complete(null));
            // A first chunk, then silence: the connection stays open.
            req.response().setChunked(true).putHeader("Content-Type", "text/event-stream").write("data: {}\n\n");
        });
        HttpResponse<InputStream> r = h.http.send(h.request("/v1/chat/completions")
                .header("Authorization", "Bearer " + Configs.CLIENT_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        // FAST allows 2 s of silence: then the upstream is cut, the client's stream ends with OpenAI's error event
        // (never [DONE]), and the backup is never asked.
        String events = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(events).startsWith("data: {}\n\n").contains("\"code\":\"upstream_stream_cut\"")
                .doesNotContain("[DONE]");
        upstreamClosed.get(10, TimeUnit.SECONDS);
        assertThat(b.received()).isEmpty();
    }
}
