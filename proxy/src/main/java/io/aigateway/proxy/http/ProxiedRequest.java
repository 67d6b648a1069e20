package io.aigateway.proxy.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.routing.RouteMatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * The client's request, once its body arrived, as every attempt reads it; and whether its client is still there.
 * When the client leaves, the attempt under way is reset. Used on the request's event loop.
 */
final class ProxiedRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServerRequest request;
    private final RouteMatch match;
    private final Buffer body;
    private final String model;
    /** The operation the client asked for, when the gateway can translate it; null for anything else. */
    private final ClientApi api;
    /** The body parsed, once, for the attempts that translate it. */
    private ClientRequest parsed;
    private volatile HttpClientRequest upstream;
    private volatile boolean clientGone;

    ProxiedRequest(HttpServerRequest request, RouteMatch match, Buffer body) {
        this.request = request;
        this.match = match;
        this.body = body;
        this.model = ModelField.read(body);
        this.api = request.method() == HttpMethod.POST ? ClientApi.ofPath(match.upstreamPath()) : null;
        request.response().closeHandler(v -> {
            clientGone = true;
            HttpClientRequest current = upstream;
            if (current != null) {
                current.reset();
            }
        });
    }

    HttpServerRequest request() {
        return request;
    }

    RouteMatch match() {
        return match;
    }

    Buffer body() {
        return body;
    }

    /** The request's {@code model}, null when it has none. */
    String model() {
        return model;
    }

    ClientApi api() {
        return api;
    }

    boolean clientGone() {
        return clientGone;
    }

    /** The request of the attempt under way, reset at once when the client already left. */
    void sending(HttpClientRequest req) {
        upstream = req;
        if (clientGone) {
            req.reset();
        }
    }

    /** The request as translators read it; a body that is not a JSON object is the client's mistake. */
    ClientRequest parsed() {
        if (parsed == null) {
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (IOException e) {
                json = null;
            }
            if (!(json instanceof ObjectNode object)) {
                throw new ProxyException.BadRequest(null, "The request body must be a JSON object.");
            }
            parsed = new ClientRequest(api, object, object.path("stream").asBoolean(false), request.headers());
        }
        return parsed;
    }
}
