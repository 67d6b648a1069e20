package io.aigateway.proxy.http.upstream;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/** One request to a target, bound to a connection of {@link UpstreamClient}. */
public interface UpstreamRequest {

    /**
     * Writes the request; completes with the answer's head. A {@code Host} header is added when {@code headers}
     * has none, and a {@code Content-Length} for a {@code body} when they give no length; {@code body} may be null.
     * Vert.x's own headers map ({@code HttpHeaders.headers()}) is sent as it is and becomes {@link #headers()}.
     */
    Future<UpstreamResponse> send(HttpMethod method, String uri, MultiMap headers, Buffer body);

    /** The headers sent, empty before; clearing them lets them go while a long answer lasts. */
    MultiMap headers();

    /**
     * Gives up the request: its connection is closed, and the answer (or the wait for it) fails with a
     * {@link io.vertx.core.http.StreamResetException} carrying {@code cause}. False when the answer had ended.
     */
    boolean reset(long code, Throwable cause);

    default boolean reset() {
        return reset(0, null);
    }
}
