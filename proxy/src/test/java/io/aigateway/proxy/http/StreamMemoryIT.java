package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.ProxyHarness;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a stream in flight keeps in the proxy's heap: not its request's body (nor the body parsed, nor the body
 * translated) nor its headers, which no attempt reads once an answer stands, nor the headers of its answer once
 * written. Thousands of streams at once, each from a long
 * conversation, would otherwise hold every body for as long as they last. Neither the client nor the provider keeps
 * a body while its stream is open, unlike the SDKs and {@link io.aigateway.proxy.support.FakeUpstream}, whose copies
 * would hide the proxy's: the client writes to a socket, the provider reads the body without keeping it. (The JDK's
 * HttpClient is no such client: it copies a byte-array body into 16 KB buffers that it may hold until the answer
 * ends.)
 */
class StreamMemoryIT {

    private static final int STREAMS = 6;
    private static final int BODY_BYTES = 2 * 1024 * 1024;
    private static final int ROUNDS = 3;
    private static final int HEADER_STREAMS = 50;
    /** Vert.x's header entry: the client's request and answer, and the request to the provider. */
    private static final String VERTX_HEADER_ENTRY = HeadersMultiMap.class.getName() + "$MapEntry";
    /** Netty's header entry: the provider's answer headers, as the proxy's upstream client decodes them. */
    private static final String NETTY_HEADER_ENTRY = "io.netty.handler.codec.DefaultHeaders$HeaderEntry";

    private Vertx vertx;
    private HttpServer upstream;
    /** How the provider answers once it read a request's body; the stream ends once {@link #release} completes. */
    private Handler<HttpServerResponse> answer;
    private ProxyHarness h;
    /** Ends the streams of one round. */
    private Promise<Void> release = Promise.promise();

    @BeforeEach
    void startVertx() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.handler(chunk -> {
                }).endHandler(v -> {
                    // Nor the request's headers, which would count with the proxy's (shouldNotKeepTheHeaders...).
                    req.headers().clear();
                    answer.handle(req.response().setChunked(true).putHeader("Content-Type", "text/event-stream"));
                }))
                .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        release.tryComplete();
        h.close();
        upstream.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void shouldNotKeepTheBodyOfAForwardedStreamWhileItLasts() throws Exception {
        answer = resp -> {
            resp.write(openAiChunk("{\"content\":\"Hel\"}", "null"));
            release.future().onComplete(v -> resp.end(openAiChunk("{}", "\"stop\"") + "data: [DONE]\n\n"));
        };
        start(Configs.target("a", upstream.actualPort()));

        assertThat(heldPerStream()).isLessThan(BODY_BYTES / 4);
    }

    @Test
    void shouldNotKeepTheBodyOfATranslatedStreamWhileItLasts() throws Exception {
        answer = resp -> {
            resp.write(anthropicEvent("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                    + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                    + "\"stop_reason\":null,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}}"));
            resp.write(anthropicEvent("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                    + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
            resp.write(anthropicEvent("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                    + "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}"));
            release.future().onComplete(v -> resp.end(
                    anthropicEvent("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
                    + anthropicEvent("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                            + "\"end_turn\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":2}}")
                    + anthropicEvent("message_stop", "{\"type\":\"message_stop\"}")));
        };
        start(new Target("a", Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", upstream.actualPort(), "/v1"),
                null, 1, 1, List.of(), null, Map.of(), Map.of(), new Credentials("u.a.apiKey", null, null, null), null,
                null));

        assertThat(heldPerStream()).isLessThan(BODY_BYTES / 4);
    }

    @Test
    void shouldNotKeepTheHeadersOfAStreamWhileItLasts() throws Exception {
        answer = resp -> {
            resp.write(openAiChunk("{\"content\":\"Hel\"}", "null"))
                    // As the proxy does: the provider's answer headers would count with the proxy's.
                    .onSuccess(v -> resp.headers().clear());
            release.future().onComplete(v -> resp.end(openAiChunk("{}", "\"stop\"") + "data: [DONE]\n\n"));
        };
        start(Configs.target("a", upstream.actualPort()));
        byte[] body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                .getBytes(StandardCharsets.US_ASCII);
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            extra.append("X-Client-Header-").append(i).append(": value-").append(i).append("\r\n");
        }
        end(open(1, body, extra.toString()));

        // The least of ROUNDS rounds, as for bodies: an earlier test's requests let go in between count once.
        double least = Double.MAX_VALUE;
        double leastProviders = Double.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            List<Socket> open = open(HEADER_STREAMS, body, extra.toString());
            long whileOpen = liveInstances(VERTX_HEADER_ENTRY);
            long providersWhileOpen = liveInstances(NETTY_HEADER_ENTRY);
            end(open);
            least = Math.min(least, (double) (whileOpen - liveInstances(VERTX_HEADER_ENTRY)) / HEADER_STREAMS);
            leastProviders = Math.min(leastProviders,
                    (double) (providersWhileOpen - liveInstances(NETTY_HEADER_ENTRY)) / HEADER_STREAMS);
        }

        // Each header map keeps one entry however many headers it holds, the head of its list: the proxy's four
        // maps of a stream (the client's request, the answer to it, the request to the provider twice) and the
        // provider's two. The client's 14 headers and the answer's 5 would be 19 more (25 a stream when kept).
        assertThat(least).isLessThanOrEqualTo(8);
        // The provider's answer headers (3 from the test's upstream) are let go once copied to the client's answer:
        // the one entry left is their map's list head.
        assertThat(leastProviders).isLessThanOrEqualTo(1);
    }

    private void start(Target target) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target)),
                Map.of("u.a.apiKey", "sk-upstream"), Clock.systemUTC());
    }

    private static String openAiChunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":"
                + finishReason + "}]}\n\n";
    }

    private static String anthropicEvent(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    /**
     * The heap the proxy holds per stream while {@link #STREAMS} streams with a large body are open, their first
     * event through, against once they ended; after one such stream, so that what the first request sets up once is
     * in both measures. The least of {@link #ROUNDS} rounds: what the JVM holds for a moment besides (the test
     * runner's buffered console output, up to 4 MB here; an earlier test's objects) counts in one round, a body kept
     * per stream counts in every one.
     */
    private long heldPerStream() throws Exception {
        byte[] content = new byte[BODY_BYTES];
        Arrays.fill(content, (byte) 'a');
        byte[] body = ("{\"model\":\"gpt-4o\",\"stream\":true,\"max_tokens\":16,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"" + new String(content, StandardCharsets.US_ASCII) + "\"}]}")
                .getBytes(StandardCharsets.US_ASCII);
        end(open(1, body));
        long least = Long.MAX_VALUE;
        for (int round = 0; round < ROUNDS; round++) {
            List<Socket> open = open(STREAMS, body);
            long whileOpen = usedHeap();
            end(open);
            long afterwards = usedHeap();
            least = Math.min(least, (whileOpen - afterwards) / STREAMS);
        }
        return least;
    }

    /** Streams whose first event came through, until {@link #end}. */
    private List<Socket> open(int streams, byte[] body) throws Exception {
        return open(streams, body, "");
    }

    /** As {@link #open(int, byte[])}, the requests with {@code extraHeaders} (lines ending in CRLF) besides. */
    private List<Socket> open(int streams, byte[] body, String extraHeaders) throws Exception {
        release = Promise.promise();
        byte[] head = ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + Configs.CLIENT_KEY + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Socket> open = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            Socket socket = new Socket("127.0.0.1", h.proxy.port());
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head);
            socket.getOutputStream().write(body);
            String received = readUntil(socket.getInputStream(), "data:");
            assertThat(received).startsWith("HTTP/1.1 200");
            open.add(socket);
        }
        return open;
    }

    private void end(List<Socket> open) throws Exception {
        release.complete();
        for (Socket socket : open) {
            readUntil(socket.getInputStream(), "[DONE]");
            socket.close();
        }
        // The proxy's side of each stream ends with its client's; give it a moment past the last byte.
        Thread.sleep(500);
    }

    /** What the socket gives until {@code marker} is in it; fails the test at the end of the stream first. */
    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder received = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (received.indexOf(marker) < 0) {
            int n = in.read(buffer);
            assertThat(n).as("bytes before " + marker + " (received so far: " + received + ")").isPositive();
            received.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
        }
        return received.toString();
    }

    /** The instances of a class alive in this JVM (after a full collection), from its class histogram. */
    private static long liveInstances(String className) throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Matcher entries = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+"
                + Pattern.quote(className) + "(\\s|$)", Pattern.MULTILINE)
                .matcher(histogram);
        // A class with no instance alive has no line.
        return entries.find() ? Long.parseLong(entries.group(1)) : 0;
    }

    private static long usedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
