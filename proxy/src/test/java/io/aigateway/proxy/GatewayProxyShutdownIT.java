package io.aigateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.Algorithm;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link GatewayProxy#shutdown(Duration)}: streams in flight may finish within the grace, nothing new is taken. */
class GatewayProxyShutdownIT {

    private static final String FIRST = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n";
    private static final String REST = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}\n\n"
            + "data: [DONE]\n\n";

    private Vertx vertx;
    private FakeUpstream upstream;
    private ProxyHarness h;
    /** Completing it lets the fake upstream send the rest of its stream. */
    private final Promise<Void> release = Promise.promise();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = FakeUpstream.start(vertx, "u");
        upstream.behave((req, body) -> {
            req.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").setChunked(true).write(FIRST);
            release.future().onComplete(v -> req.response().end(REST));
        });
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("up", Algorithm.ROUND_ROBIN,
                Configs.target("u", upstream.port()))), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        release.tryComplete();
        h.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldLetAStreamInFlightFinishWhileRefusingNewRequests() throws Exception {
        CompletableFuture<HttpResponse<String>> stream = startStream();
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.received().size() == 1);

        Future<Void> shutdown = h.proxy.shutdown(Duration.ofSeconds(30));

        HttpResponse<String> ready = h.admin("/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("shutting down");
        HttpResponse<String> refused = h.chat("gpt-4o");
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Connection")).hasValue("close");
        assertThat(new JsonObject(refused.body()).getJsonObject("error").getString("code"))
                .isEqualTo("gateway_shutting_down");
        assertThat(upstream.received()).hasSize(1);
        assertThat(shutdown.isComplete()).isFalse();

        release.complete();

        HttpResponse<String> answer = stream.get(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(FIRST + REST);
        shutdown.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldCutAStreamThatOutlivesTheGraceAndStillClose() throws Exception {
        CompletableFuture<HttpResponse<String>> stream = startStream();
        await().atMost(Duration.ofSeconds(10)).until(() -> upstream.received().size() == 1);

        h.proxy.shutdown(Duration.ofMillis(200)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // Cut: the client sees its chunked answer end early, never the [DONE] a complete stream ends with.
        await().atMost(Duration.ofSeconds(10)).until(stream::isDone);
        assertThat(stream.handle((answer, e) -> e != null || !answer.body().contains("[DONE]")).get()).isTrue();
    }

    @Test
    void shouldCloseAtOnceWhenNothingIsInFlight() throws Exception {
        assertThat(h.admin("/readyz").statusCode()).isEqualTo(200);

        h.proxy.shutdown(Duration.ofMinutes(5)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(h.proxy.shutdown(Duration.ofMinutes(5)).succeeded()).isTrue();
    }

    private CompletableFuture<HttpResponse<String>> startStream() {
        return h.http.sendAsync(h.request("/v1/chat/completions")
                        .header("Authorization", "Bearer " + Configs.CLIENT_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
