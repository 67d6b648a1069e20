package io.aigateway.proxy.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An API server of custom resources by path, in memory, that counts the requests that write (all but GET). It
 * serves GET of an object, and the JSON patch (RFC 6902, objects only) of it or its status, refused with 409 when it
 * replaces the resourceVersion with another than the current one. For counting what a client writes at a scale the
 * real API server tier takes too long to serve on a small machine; what only a real server decides (authorization,
 * its own locking, managed fields) is tested on that tier.
 */
public final class RecordingApiServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpServer server;
    private final Map<String, ObjectNode> objects = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong resourceVersion = new AtomicLong();
    private volatile boolean failing;

    public RecordingApiServer() {
        // One event loop: requests are served one at a time, in order.
        server = vertx.createHttpServer().requestHandler(request -> request.body()
                .onSuccess(body -> handle(request, body))).listen(0, "127.0.0.1").toCompletionStage()
                .toCompletableFuture().join();
    }

    /** Stores an object at its path, for example {@code /apis/g/v1/namespaces/ns/things/a}. */
    public void put(String path, ObjectNode object) {
        ((ObjectNode) object.with("metadata")).put("resourceVersion",
                Long.toString(resourceVersion.incrementAndGet()));
        objects.put(path, object);
    }

    public JsonNode get(String path) {
        return objects.get(path);
    }

    /** Requests other than GET so far. */
    public long writes() {
        return writes.get();
    }

    public void resetWrites() {
        writes.set(0);
    }

    /** While on, every request is answered 503, as by an API server that is down. */
    public void failEveryRequest(boolean on) {
        failing = on;
    }

    public KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.actualPort()).withRequestRetryBackoffLimit(0)
                .build()).build();
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private void handle(HttpServerRequest request, Buffer body) {
        String method = request.method().name();
        String path = request.path();
        if (!"GET".equals(method)) {
            writes.incrementAndGet();
        }
        boolean status = path.endsWith("/status");
        ObjectNode object = objects.get(status ? path.substring(0, path.length() - "/status".length()) : path);
        if (failing) {
            answer(request, 503, statusOf(503, "ServiceUnavailable"));
        } else if (object == null) {
            answer(request, 404, statusOf(404, "NotFound"));
        } else if ("GET".equals(method)) {
            answer(request, 200, object);
        } else if ("PATCH".equals(method)) {
            patch(request, body, object);
        } else {
            answer(request, 405, statusOf(405, "MethodNotAllowed"));
        }
    }

    private void patch(HttpServerRequest request, Buffer body, ObjectNode object) {
        JsonNode ops;
        try {
            ops = JSON.readTree(body.getBytes());
        } catch (IOException e) {
            answer(request, 400, statusOf(400, "BadRequest"));
            return;
        }
        ObjectNode patched = object.deepCopy();
        for (JsonNode op : ops) {
            String[] steps = op.get("path").asText().substring(1).split("/");
            ObjectNode parent = patched;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = (ObjectNode) parent.get(steps[i]);
            }
            String field = steps[steps.length - 1];
            if ("/metadata/resourceVersion".equals(op.get("path").asText())
                    && !op.get("value").asText().equals(parent.path(field).asText())) {
                answer(request, 409, statusOf(409, "Conflict"));
                return;
            }
            switch (op.get("op").asText()) {
                case "add", "replace" -> parent.set(field, op.get("value"));
                case "remove" -> parent.remove(field);
                default -> throw new IllegalArgumentException("unsupported op " + op);
            }
        }
        ((ObjectNode) patched.get("metadata")).put("resourceVersion",
                Long.toString(resourceVersion.incrementAndGet()));
        object.removeAll().setAll(patched);
        answer(request, 200, object);
    }

    private static ObjectNode statusOf(int code, String reason) {
        return JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Status").put("status", "Failure")
                .put("reason", reason).put("code", code);
    }

    private static void answer(HttpServerRequest request, int code, JsonNode body) {
        try {
            request.response().setStatusCode(code).putHeader("Content-Type", "application/json")
                    .end(Buffer.buffer(JSON.writeValueAsBytes(body)));
        } catch (IOException e) {
            request.response().setStatusCode(500).end();
        }
    }
}
