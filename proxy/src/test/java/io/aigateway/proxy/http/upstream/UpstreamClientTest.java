package io.aigateway.proxy.http.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.proxy.support.ClosedPorts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.StreamResetException;
import io.vertx.core.net.NetServer;
import io.vertx.core.impl.ContextInternal;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.File;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The upstream client against a Vert.x server on loopback: pooling, backpressure, resets, refusals and TLS. */
class UpstreamClientTest {

    private final Vertx vertx = Vertx.vertx();
    private final AtomicInteger connections = new AtomicInteger();
    /** A certificate for "localhost" only (made with openssl for these tests, valid for a century). */
    private static final String CERTIFICATE = "src/test/resources/tls/localhost-cert.pem";
    private static final PemKeyCertOptions LOCALHOST = new PemKeyCertOptions().setCertPath(CERTIFICATE)
            .setKeyPath("src/test/resources/tls/localhost-key.pem");
    private ContextInternal context;
    private UpstreamClient client;
    private HttpServer server;
    private final Promise<Void> finish = Promise.promise();

    @BeforeEach
    void start() throws Exception {
        context = (ContextInternal) vertx.getOrCreateContext();
        SslContext trustingTheTestCertificate = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                .trustManager(new File(CERTIFICATE)).build();
        client = on(() -> Future.succeededFuture(new UpstreamClient(context, trustingTheTestCertificate)));
        server = await(vertx.createHttpServer()
                .connectionHandler(c -> connections.incrementAndGet())
                .requestHandler(req -> {
                    switch (req.path()) {
                        case "/close" -> req.response().putHeader(HttpHeaders.CONNECTION, "close").end("bye");
                        case "/stream" -> {
                            req.response().setChunked(true).write("a");
                            vertx.setTimer(20, t -> req.response().write("b"));
                            vertx.setTimer(40, t -> req.response().end("c"));
                        }
                        case "/silent" -> {
                        }
                        case "/wait" -> {
                            // "a" at once; "b" and the end in one write once the test says so
                            req.response().setChunked(true).write("a");
                            finish.future().onSuccess(v -> req.response().end("b"));
                        }
                        default -> req.body().onSuccess(body -> req.response().end("hi " + body));
                    }
                })
                .listen(0, "127.0.0.1"));
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
    }

    private <T> T on(Supplier<Future<T>> call) throws Exception {
        CompletableFuture<T> done = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(ar -> {
            if (ar.succeeded()) {
                done.complete(ar.result());
            } else {
                done.completeExceptionally(ar.cause());
            }
        }));
        return done.get(10, TimeUnit.SECONDS);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private UpstreamClient.Origin plain() {
        return new UpstreamClient.Origin("127.0.0.1", server.actualPort(), false);
    }

    /** Sends and reads the whole answer: its status and body. */
    private String exchange(UpstreamClient.Origin origin, String path) throws Exception {
        return on(() -> client.request(origin, 2_000)
                .compose(req -> req.send(HttpMethod.POST, path, HttpHeaders.headers(), Buffer.buffer("there")))
                .compose(resp -> {
                    Buffer body = Buffer.buffer();
                    CompletableFuture<String> ended = new CompletableFuture<>();
                    resp.handler(body::appendBuffer);
                    resp.endHandler(v -> ended.complete(resp.statusCode() + " " + body));
                    resp.exceptionHandler(ended::completeExceptionally);
                    return Future.fromCompletionStage(ended);
                }));
    }

    @Test
    void shouldSendTheRequestAndReadTheAnswer() throws Exception {
        assertThat(exchange(plain(), "/echo")).isEqualTo("200 hi there");
    }

    @Test
    void shouldNameTheTargetInTheHostHeaderAsHttpWritesIt() {
        assertThat(new UpstreamClient.Origin("api.openai.com", 443, true).hostHeader()).isEqualTo("api.openai.com");
        assertThat(new UpstreamClient.Origin("10.0.0.7", 8080, false).hostHeader()).isEqualTo("10.0.0.7:8080");
        assertThat(new UpstreamClient.Origin("::1", 80, false).hostHeader()).isEqualTo("[::1]");
        assertThat(new UpstreamClient.Origin("fd00::7", 8443, true).hostHeader()).isEqualTo("[fd00::7]:8443");
        assertThat(new UpstreamClient.Origin("[fd00::7]", 8443, true).hostHeader()).isEqualTo("[fd00::7]:8443");
        assertThat(new UpstreamClient.Origin("[fd00::7]", 8443, true).host()).as("connected to").isEqualTo("fd00::7");
    }

    @Test
    void shouldReuseAConnectionBothSidesKeep() throws Exception {
        exchange(plain(), "/echo");
        exchange(plain(), "/echo");

        assertThat(connections).hasValue(1);
    }

    @Test
    void shouldNotReuseAConnectionTheTargetCloses() throws Exception {
        assertThat(exchange(plain(), "/close")).isEqualTo("200 bye");
        assertThat(exchange(plain(), "/close")).isEqualTo("200 bye");

        assertThat(connections).hasValue(2);
    }

    @Test
    void shouldHoldTheChunksAndTheEndWhilePaused() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        UpstreamResponse resp = on(() -> client.request(plain(), 2_000)
                .compose(req -> req.send(HttpMethod.GET, "/stream", HttpHeaders.headers(), null))
                .onSuccess(r -> r.pause()
                        .handler(chunk -> events.add(chunk.toString()))
                        .endHandler(v -> events.add("end"))));
        Thread.sleep(300); // the whole answer has come by now

        assertThat(events).isEmpty();
        context.runOnContext(v -> resp.resume());
        Thread.sleep(100);
        assertThat(events).containsExactly("a", "b", "c", "end");
        assertThat(exchange(plain(), "/echo")).as("the connection carries the next request").isEqualTo("200 hi there");
        assertThat(connections).hasValue(1);
    }

    /**
     * A relay's last handler gets the end with the chunk that came in the same read (the server wrote both at once),
     * and every earlier chunk as its read ends, not held until the next one.
     */
    @Test
    void shouldHandTheChunkThatCameWithTheEndToTheLastHandler() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        relayWaiting(events, false);

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("a"));
        finish.complete();
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("a", "end with b");
    }

    @Test
    void shouldHandOnTheChunksThatWaitedPausedAndTheLastWithTheEnd() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        UpstreamResponse resp = relayWaiting(events, true);
        Thread.sleep(300); // "a" has come by now

        context.runOnContext(v -> resp.resume());
        Awaitility.await("handed on at the resume, no read to wait for").atMost(Duration.ofSeconds(5))
                .until(() -> events.contains("a"));
        context.runOnContext(v -> resp.pause());
        Thread.sleep(100);
        finish.complete();
        Thread.sleep(300); // "b" and the end have come by now
        assertThat(events).containsExactly("a");
        context.runOnContext(v -> resp.resume());
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        assertThat(events).containsExactly("a", "end with b");
    }

    /** Two chunks in one read: the relay stops at the first, and never gets the second, held back until then. */
    @Test
    void shouldNotHandOnAHeldChunkOnceTheRelayResets() throws Exception {
        NetServer raw = await(vertx.createNetServer().connectHandler(socket -> socket.handler(request -> socket.write(
                "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n1\r\na\r\n1\r\nb\r\n"))).listen(0, "127.0.0.1"));
        List<String> events = new CopyOnWriteArrayList<>();
        on(() -> client.request(new UpstreamClient.Origin("127.0.0.1", raw.actualPort(), false), 2_000)
                .compose(req -> req.send(HttpMethod.GET, "/", HttpHeaders.headers(), null))
                .onSuccess(r -> r.exceptionHandler(e -> events.add(e.getClass().getSimpleName()))
                        .lastHandler(last -> events.add("end"))
                        .handler(chunk -> {
                            events.add(chunk.toString());
                            r.request().reset();
                        })));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 2);
        Thread.sleep(100);
        assertThat(events).containsExactly("a", "StreamResetException");
    }

    /** Asks for /wait as a relay reads it, its chunks and its end with the last as {@code events}. */
    private UpstreamResponse relayWaiting(List<String> events, boolean paused) throws Exception {
        return on(() -> client.request(plain(), 2_000)
                .compose(req -> req.send(HttpMethod.GET, "/wait", HttpHeaders.headers(), null))
                .onSuccess(r -> (paused ? r.pause() : r)
                        .handler(chunk -> events.add(chunk.toString()))
                        .lastHandler(last -> events.add("end with " + last))));
    }

    /**
     * A relay cut while its answer, which came whole in one read, waited paused: the connection went on without it
     * and is not closed.
     */
    @Test
    void shouldKeepTheConnectionOfAnAnswerThatCameWholeWhenItIsResetWhilePaused() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        UpstreamResponse resp = on(() -> client.request(plain(), 2_000)
                .compose(req -> req.send(HttpMethod.POST, "/echo", HttpHeaders.headers(), Buffer.buffer("x")))
                .onSuccess(r -> r.pause().endHandler(v -> events.add("end"))
                        .exceptionHandler(e -> events.add(e.getClass().getSimpleName()))));
        Thread.sleep(300);
        CompletableFuture<Boolean> reset = new CompletableFuture<>();
        context.runOnContext(v -> reset.complete(resp.request().reset()));

        assertThat(reset.get(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(100);
        assertThat(events).containsExactly("StreamResetException");
        assertThat(exchange(plain(), "/echo")).isEqualTo("200 hi there");
        assertThat(connections).as("the same connection").hasValue(1);
    }

    @Test
    void shouldFailTheWaitForTheAnswerWithTheResetsCause() {
        assertThatThrownBy(() -> on(() -> client.request(plain(), 2_000).compose(req -> {
            Future<UpstreamResponse> answer = req.send(HttpMethod.GET, "/silent", HttpHeaders.headers(), null);
            vertx.setTimer(50, t -> req.reset(0, new TimeoutException("no answer")));
            return answer;
        }))).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(StreamResetException.class)
                .cause().isInstanceOf(TimeoutException.class).hasMessage("no answer");
    }

    @Test
    void shouldFailWithAConnectExceptionWhenTheTargetRefuses() throws Exception {
        int port = ClosedPorts.loopback();

        assertThatThrownBy(() -> on(() -> client.request(new UpstreamClient.Origin("127.0.0.1", port, false), 2_000)))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ConnectException.class);
    }

    /** A TLS target on loopback with the certificate for "localhost". */
    private HttpServer tlsServer() throws Exception {
        return await(vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(LOCALHOST))
                .requestHandler(req -> req.response().end("secret"))
                .listen(0, "127.0.0.1"));
    }

    @Test
    void shouldSpeakTlsToATargetWhoseCertificateItTrustsUnderTheNameItAskedFor() throws Exception {
        HttpServer tls = tlsServer();

        assertThat(exchange(new UpstreamClient.Origin("localhost", tls.actualPort(), true), "/"))
                .isEqualTo("200 secret");
    }

    @Test
    void shouldRefuseATargetWhoseCertificateIsForAnotherName() throws Exception {
        HttpServer tls = tlsServer();

        // Reached by its address, the target shows a certificate for "localhost".
        assertThatThrownBy(() -> exchange(new UpstreamClient.Origin("127.0.0.1", tls.actualPort(), true), "/"))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
    }
}
