package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamingIT extends SdkThroughProxy {

    private FakeUpstream a;

    @BeforeEach
    void setUp() throws Exception {
        a = FakeUpstream.start(vertx, "a");
        start(target("a", a.port()), Map.of());
    }

    private static String chunk(String content) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
                + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello").build();
    }

    @Test
    void shouldRelayStreamedChunksAsTheyArriveToTheOpenAiSdk() throws Exception {
        Promise<Void> release = Promise.promise();
        a.behave((req, body) -> {
            var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            resp.write(chunk("Hel"));
            resp.write(chunk("lo"));
            // The rest only once the test has seen the first chunks through the proxy.
            release.future().onComplete(v -> {
                resp.write(chunk(" world"));
                resp.end("data: [DONE]\n\n");
            });
        });

        List<String> seen = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(params())) {
            Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
            CompletableFuture<Void> firstTwo = CompletableFuture.runAsync(() -> {
                seen.add(chunks.next().choices().get(0).delta().content().orElseThrow());
                seen.add(chunks.next().choices().get(0).delta().content().orElseThrow());
            });
            firstTwo.get(10, TimeUnit.SECONDS);
            assertThat(seen).containsExactly("Hel", "lo");
            assertThat(release.future().isComplete()).isFalse();

            release.complete();
            chunks.forEachRemaining(c -> seen.add(c.choices().get(0).delta().content().orElseThrow()));
        }
        assertThat(seen).containsExactly("Hel", "lo", " world");
        assertThat(a.last().headers().get("Authorization")).isNull();
    }

    @Test
    void shouldServeANonStreamingCompletionToTheOpenAiSdk() {
        ChatCompletion completion = sdk.chat().completions().create(params());
        assertThat(completion.choices().get(0).message().content()).hasValue("a");
        assertThat(a.last().uri()).isEqualTo("/v1/chat/completions");
        assertThat(a.last().body()).contains("\"model\":\"gpt-4o\"");
    }

    @Test
    void shouldCancelTheUpstreamRequestWhenTheClientGoesAway() throws Exception {
        AtomicBoolean upstreamClosed = new AtomicBoolean();
        a.behave((req, body) -> {
            req.connection().closeHandler(v -> upstreamClosed.set(true));
            req.response().setChunked(true).putHeader("Content-Type", "text/event-stream").write(chunk("Hel"));
            // ...and never ends.
        });
        var client = vertx.createHttpClient();
        // On an event loop: from the test's thread, the handler could be set after the first chunk came (CI once
        // saw this thread wait that long), and Vert.x drops the data of a response that has no handler yet.
        vertx.runOnContext(v -> client.request(new RequestOptions().setHost("127.0.0.1").setPort(h.proxy.port())
                        .setMethod(HttpMethod.POST).setURI("/v1/chat/completions")
                        .putHeader("Authorization", "Bearer " + Configs.CLIENT_KEY))
                .compose(req -> req.send("{\"model\":\"gpt-4o\",\"stream\":true}"))
                .onSuccess(resp -> resp.handler(first -> resp.request().connection().close())));

        await().atMost(Duration.ofSeconds(10)).untilTrue(upstreamClosed);
    }
}
