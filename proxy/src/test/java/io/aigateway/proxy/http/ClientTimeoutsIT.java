package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.ClientTimeouts;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send nothing, or trickle a request, are closed once the gateway's client timeouts pass (short ones
 * here), while a stream that outlives all of them is not cut. Raw sockets on 127.0.0.1 play the slow clients.
 */
class ClientTimeoutsIT extends TwoUpstreams {

    private static final int TIMEOUT_MILLIS = 300;
    /** How long a socket may stay open before the test calls it held: many times the timeouts, for slow CI. */
    private static final int CLOSED_WITHIN_MILLIS = 15_000;
    private static final int CONNECTIONS = 20;

    private final List<Socket> sockets = new ArrayList<>();
    private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

    private void start() throws Exception {
        h = ProxyHarness.start(vertx, Configs.withClientTimeouts(
                Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, target("a", a.port()))),
                new ClientTimeouts(TIMEOUT_MILLIS, TIMEOUT_MILLIS, TIMEOUT_MILLIS)), Map.of());
    }

    @AfterEach
    void closeSockets() throws IOException {
        trickle.shutdownNow();
        for (Socket s : sockets) {
            s.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", h.proxy.port());
        s.setSoTimeout(CLOSED_WITHIN_MILLIS);
        sockets.add(s);
        return s;
    }

    /** Writes one byte to each socket every 50 ms until it is closed. */
    private void trickleTo(List<Socket> slow, byte b) {
        trickle.scheduleAtFixedRate(() -> {
            for (Socket s : slow) {
                try {
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                } catch (IOException closed) {
                    // The gateway closed it: what the test waits for.
                }
            }
        }, 50, 50, TimeUnit.MILLISECONDS);
    }

    /**
     * Everything the gateway sent on the socket until it closed it; fails when it is still open after
     * {@link #CLOSED_WITHIN_MILLIS}.
     */
    private static String readUntilClosed(Socket s) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) != -1;) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + CLOSED_WITHIN_MILLIS + " ms; got: " + got, e);
        } catch (IOException reset) {
            // Closed with a reset: closed all the same.
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Test
    void shouldCloseConnectionsThatTrickleTheirRequestHead() throws Exception {
        start();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket s = connect();
            send(s, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
            slow.add(s);
        }
        trickleTo(slow, (byte) 'a');
        for (Socket s : slow) {
            assertThat(readUntilClosed(s)).isEmpty();
        }
    }

    @Test
    void shouldCloseNewConnectionsThatSendNothing() throws Exception {
        start();
        for (int i = 0; i < CONNECTIONS; i++) {
            connect();
        }
        for (Socket s : sockets) {
            assertThat(readUntilClosed(s)).isEmpty();
        }
    }

    @Test
    void shouldCloseAKeptAliveConnectionIdleAfterItsResponse() throws Exception {
        start();
        Socket s = connect();
        send(s, "GET /v1/models HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + Configs.CLIENT_KEY
                + "\r\n\r\n");
        String got = readUntilClosed(s);
        assertThat(got).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
    }

    @Test
    void shouldAnswer408AndCloseConnectionsThatTrickleTheirBody() throws Exception {
        start();
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket s = connect();
            send(s, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + Configs.CLIENT_KEY + "\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{");
            slow.add(s);
        }
        trickleTo(slow, (byte) ' ');
        for (Socket s : slow) {
            assertThat(readUntilClosed(s)).startsWith("HTTP/1.1 408").contains("\"code\":\"request_timeout\"");
        }
        assertThat(a.received()).isEmpty();
    }

    @Test
    void shouldNotCutAStreamThatOutlivesTheClientTimeoutsWhileItsClientSendsNothing() throws Exception {
        start();
        a.behave((req, body) -> {
            var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            resp.write(chunk("Hel"));
            // Silent for many times every client timeout, then the rest.
            vertx.setTimer(5L * TIMEOUT_MILLIS, id -> {
                resp.write(chunk("lo"));
                resp.end("data: [DONE]\n\n");
            });
        });
        OpenAIClient sdk = OpenAiSdk.client(h.proxy.port());
        List<String> seen = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Say hello").build())) {
            stream.stream().forEach(c -> seen.add(c.choices().get(0).delta().content().orElseThrow()));
        }
        assertThat(seen).containsExactly("Hel", "lo");
    }

    private static String chunk(String content) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + content
                + "\"},\"finish_reason\":null}]}\n\n";
    }
}
