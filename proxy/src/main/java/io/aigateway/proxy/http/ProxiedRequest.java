package io.aigateway.proxy.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.http.upstream.UpstreamRequest;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.routing.ExpectedTokens;
import io.aigateway.proxy.routing.RouteMatch;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;

/**
 * The client's request, once its body arrived, as every attempt reads it; and whether its client is still there.
 * When the client leaves, the attempt under way is reset. Once an answer stands ({@link #answerStands}) no attempt
 * follows and the body is let go. Used on the request's event loop.
 */
final class ProxiedRequest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** OpenAI's words for a body it cannot parse. */
    private static final String MALFORMED = "We could not parse the JSON body of your request. The gateway expects "
            + "a JSON object, but what was sent was not valid JSON.";

    private final HttpServerRequest request;
    private final RouteMatch match;
    /** Null once an answer stands: a stream keeps its request for as long as it lasts, not its body. */
    private Buffer body;
    private final String model;
    /** Whether the body has a top-level {@code system}, which only the seeds' mixed request sends. */
    private final boolean system;
    /** Whether the client asked for a stream, read in the same pass (API requests only). */
    private final boolean stream;
    /** The operation the client asked for, when the gateway can translate it; null for anything else. */
    private final ClientApi api;
    /** The body parsed, once, for the attempts that translate it. */
    private ClientRequest parsed;
    private volatile UpstreamRequest upstream;
    private volatile boolean clientGone;

    /**
     * @throws ProxyException of kind {@code MALFORMED_BODY} when a body that must be a JSON object (a chat or
     *     messages request, or one sent as {@code application/json}) is not one: refused before any provider sees it
     */
    ProxiedRequest(HttpServerRequest request, RouteMatch match, Buffer body) {
        this.request = request;
        this.match = match;
        this.body = body;
        this.api = request.method() == HttpMethod.POST ? ClientApi.ofPath(match.upstreamPath()) : null;
        // A JSON body is checked in the pass that reads its model, so the forward path still parses nothing twice.
        boolean whole = api != null || json(request);
        ModelField.Scan scan = ModelField.scan(body, whole);
        if (whole && scan.malformed()) {
            throw new ProxyException(ProxyException.Kind.MALFORMED_BODY, MALFORMED);
        }
        this.model = scan.model();
        this.system = scan.system();
        this.stream = scan.stream();
        request.response().closeHandler(v -> {
            clientGone = true;
            UpstreamRequest current = upstream;
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
        if (body == null) {
            throw new IllegalStateException("The request body was let go once an answer stood");
        }
        return body;
    }

    /**
     * The answer being relayed stands: no other attempt follows, so the body, its parsed tree and the client's
     * headers are let go (Vert.x read what it needs of them, whether to keep the connection alive, when the request
     * began). A stream holds its request for as long as it lasts (minutes, for thousands of streams at once), and a
     * long conversation's body, parsed too when translated, would otherwise stay in the heap with each of them.
     */
    void answerStands() {
        body = null;
        parsed = null;
        request.headers().clear();
    }

    /** The request's {@code model}, null when it has none. */
    String model() {
        return model;
    }

    /** Whether the body has a top-level {@code system} (read only when the whole body was scanned). */
    boolean hasSystem() {
        return system;
    }

    /** Whether an API request ({@link #api}) asks for a stream; read without parsing the body. */
    boolean streamed() {
        return stream;
    }

    ClientApi api() {
        return api;
    }

    boolean clientGone() {
        return clientGone;
    }

    /** The request of the attempt under way, reset at once when the client already left. */
    void sending(UpstreamRequest req) {
        upstream = req;
        if (clientGone) {
            req.reset();
        }
    }

    private static boolean json(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return request.method() == HttpMethod.POST && type != null
                && type.regionMatches(true, 0, "application/json", 0, "application/json".length());
    }

    /**
     * The tokens the request is expected to use: its size, and its cap on the answer as the client's API names it
     * (OpenAI's {@code max_completion_tokens} or older {@code max_tokens}, Anthropic's {@code max_tokens}, the
     * Responses API's {@code max_output_tokens}). Parses the body of a chat or messages request, so only the
     * lowest-cost algorithm asks.
     */
    ExpectedTokens expectedTokens() {
        if (api == null) {
            return ExpectedTokens.of(body().length(), null);
        }
        JsonNode json = parsed().body();
        for (String cap : new String[] {"max_completion_tokens", "max_tokens", "max_output_tokens"}) {
            if (json.path(cap).canConvertToLong()) {
                return ExpectedTokens.of(body().length(), json.path(cap).asLong());
            }
        }
        return ExpectedTokens.of(body().length(), null);
    }

    /** The request as translators read it; a body that is not a JSON object is the client's mistake. */
    ClientRequest parsed() {
        if (parsed == null) {
            JsonNode json;
            try {
                json = JSON.readTree(body().getBytes());
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
