package io.aigateway.proxy.support;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A provider stand-in on 127.0.0.1, port 0: records what it receives and answers as told. */
public final class FakeUpstream implements AutoCloseable {

    /** A request as the fake received it. */
    public record Received(String method, String uri, MultiMap headers, String body) {
    }

    /** How the fake answers one request whose body was read. */
    @FunctionalInterface
    public interface Behaviour {
        void respond(HttpServerRequest request, Buffer body);
    }

    private final String name;
    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour;

    private FakeUpstream(Vertx vertx, String name) {
        this.name = name;
        this.behaviour = ok();
        this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(req -> req.body().onSuccess(body -> {
                    received.add(new Received(req.method().name(), req.uri(),
                            MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString()));
                    behaviour.respond(req, body);
                }));
    }

    public static FakeUpstream start(Vertx vertx, String name) throws Exception {
        FakeUpstream fake = new FakeUpstream(vertx, name);
        fake.server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return fake;
    }

    public String name() {
        return name;
    }

    public int port() {
        return server.actualPort();
    }

    public List<Received> received() {
        return received;
    }

    public Received last() {
        return received.get(received.size() - 1);
    }

    public FakeUpstream behave(Behaviour b) {
        this.behaviour = b;
        return this;
    }

    /** A chat completion naming this fake in its content. */
    public Behaviour ok() {
        return (req, body) -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(chatCompletion(name));
    }

    public static Behaviour status(int status) {
        return (req, body) -> req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE,
                "application/json").end("{\"error\":{\"message\":\"fake " + status + "\"}}");
    }

    /**
     * An OpenAI stream: its first text at once, and once {@code release} completes its end, with a usage of 3 prompt
     * and 4 completion tokens; a request that stays in flight as long as a test needs.
     */
    public static Behaviour streamUntil(Future<Void> release) {
        return (req, body) -> {
            HttpServerResponse resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
            resp.write(chunk("{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"finish_reason\":null}", ""));
            release.onComplete(v -> {
                resp.write(chunk("{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}", ""));
                resp.write(chunk("", ",\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}"));
                resp.end("data: [DONE]\n\n");
            });
        };
    }

    /** An OpenAI stream chunk with these choices, and what follows them (a usage). */
    private static String chunk(String choice, String after) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o\",\"choices\":[" + choice + "]" + after + "}\n\n";
    }

    public static String chatCompletion(String content) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + content
                + "\"},\"finish_reason\":\"stop\",\"logprobs\":null}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
