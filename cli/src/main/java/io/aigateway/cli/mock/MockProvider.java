package io.aigateway.cli.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A provider that answers with canned content, for trying and benchmarking the gateway without a real provider.
 *
 * <ul>
 *   <li>{@code POST /v1/chat/completions}: an OpenAI {@code chat.completion}, or with {@code "stream": true}
 *       server-sent chunks written one by one as the chunk delay passes;</li>
 *   <li>{@code POST /v1/messages}: the same as an Anthropic {@code message} or its stream;</li>
 *   <li>{@code GET /v1/models}: one model, in Anthropic's format when the request carries
 *       {@code anthropic-version};</li>
 *   <li>{@code GET /_stats}: request counters; {@code GET /health}: {@code ok}.</li>
 * </ul>
 *
 * <p>Every response carries {@code X-Mock-Provider: <name>}. Latency, failures and chunk delays are Vert.x timers:
 * nothing blocks the event loop.
 */
public final class MockProvider {

    public static final String NAME_HEADER = "X-Mock-Provider";

    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private final Vertx vertx;
    private final MockSettings settings;
    /** Replaced, never changed, by {@link #recover()}: read on the event loop, swapped from a test's thread. */
    private volatile FailureSchedule failures;
    private final Map<String, CannedApi> completionApis = new HashMap<>();
    private final CannedApi openAi = new OpenAiChatCompletions();
    private final CannedApi anthropic = new AnthropicMessages();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private HttpServer server;

    private MockProvider(Vertx vertx, MockSettings settings) {
        this.vertx = vertx;
        this.settings = settings;
        this.failures = new FailureSchedule(settings.failStatus() == 0 ? 0 : settings.failRate());
        register(openAi);
        register(anthropic);
    }

    private void register(CannedApi api) {
        api.paths().forEach(path -> completionApis.put(path, api));
    }

    /** Listens on host and port (0 picks a free one); completes once bound. */
    public static Future<MockProvider> start(Vertx vertx, String host, int port, MockSettings settings) {
        MockProvider provider = new MockProvider(vertx, settings);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(provider::handle)
                .listen()
                .map(server -> {
                    provider.server = server;
                    return provider;
                });
    }

    public int port() {
        return server.actualPort();
    }

    public MockSettings settings() {
        return settings;
    }

    /** Requests to the completion endpoints, failed ones included. */
    public long requests() {
        return requests.get();
    }

    /**
     * Stops failing from now on, on the same port: a provider that came back. Restarting a mock on its old port
     * instead races with the kernel, which may have given that port to an outgoing connection in between.
     */
    public void recover() {
        failures = new FailureSchedule(0);
    }

    public Future<Void> close() {
        return server == null ? Future.succeededFuture() : server.close();
    }

    private void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        response.putHeader(NAME_HEADER, settings.name());
        String path = request.path();
        CannedApi api = completionApis.get(path);
        if (api != null && request.method() == HttpMethod.POST) {
            request.body()
                    .onSuccess(body -> complete(api, body, response))
                    .onFailure(e -> response.reset());
            return;
        }
        if (request.method() == HttpMethod.GET) {
            switch (path) {
                case "/v1/models", "/models" -> {
                    CannedApi lister = request.headers().contains("anthropic-version") ? anthropic : openAi;
                    json(response, 200, lister.models(settings.name()).toBuffer());
                    return;
                }
                case "/_stats" -> {
                    json(response, 200, stats().toBuffer());
                    return;
                }
                case "/health" -> {
                    response.putHeader(HttpHeaders.CONTENT_TYPE, "text/plain").end("ok");
                    return;
                }
                default -> {
                }
            }
        }
        int status = api != null ? 405 : 404;
        json(response, status, openAi.error(status, request.method() + " " + path + " is not served by this mock"));
    }

    private void complete(CannedApi api, Buffer body, HttpServerResponse response) {
        requests.incrementAndGet();
        JsonObject json;
        try {
            json = body.length() == 0 || body.length() > MAX_BODY_BYTES ? null : body.toJsonObject();
        } catch (DecodeException | ClassCastException e) {
            json = null;
        }
        if (json == null) {
            json(response, 400, api.error(400, "the request body must be a JSON object"));
            return;
        }
        boolean fail = failures.next();
        boolean stream = !fail && Boolean.TRUE.equals(json.getValue("stream"));
        Object model = json.getValue("model");
        CannedAnswer answer = new CannedAnswer(settings.name(),
                "chatcmpl-" + settings.name() + "-" + sequence.incrementAndGet(),
                model instanceof String name && !name.isBlank() ? name : api.defaultModel(),
                CannedAnswer.pieces(settings.name(), settings.chunks()), Math.max(1, body.length() / 4),
                Instant.now().getEpochSecond());
        Runnable respond = () -> {
            if (response.closed()) {
                return;
            }
            if (fail) {
                fail(api, response);
            } else if (stream) {
                stream(api.streamEvents(answer), response);
            } else {
                json(response, 200, api.completion(answer));
            }
        };
        later(settings.latencyMillis(), respond);
    }

    private void fail(CannedApi api, HttpServerResponse response) {
        failed.incrementAndGet();
        int status = settings.failStatus();
        if ((status == 429 || status == 503) && settings.retryAfterSeconds().isPresent()) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Integer.toString(settings.retryAfterSeconds().getAsInt()));
        }
        json(response, status, api.error(status, "mock provider " + settings.name() + " failed with " + status
                + " as told (--fail-status)"));
    }

    private void stream(List<Buffer> events, HttpServerResponse response) {
        streamed.incrementAndGet();
        response.setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .setChunked(true);
        if (settings.chunkDelayMillis() == 0) {
            Buffer all = Buffer.buffer();
            events.forEach(all::appendBuffer);
            response.end(all);
            return;
        }
        writeFrom(events, 0, response);
    }

    /** Writes one event, then the next after the chunk delay; stops when the client has gone. */
    private void writeFrom(List<Buffer> events, int index, HttpServerResponse response) {
        if (response.closed()) {
            return;
        }
        if (index == events.size() - 1) {
            response.end(events.get(index));
            return;
        }
        response.write(events.get(index));
        later(settings.chunkDelayMillis(), () -> writeFrom(events, index + 1, response));
    }

    private void later(int millis, Runnable action) {
        if (millis <= 0) {
            action.run();
        } else {
            vertx.setTimer(millis, id -> action.run());
        }
    }

    private JsonObject stats() {
        return new JsonObject()
                .put("name", settings.name())
                .put("requests", requests.get())
                .put("failed", failed.get())
                .put("streamed", streamed.get());
    }

    private static void json(HttpServerResponse response, int status, Buffer body) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
