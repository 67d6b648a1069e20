package io.aigateway.proxy.http.upstream;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/**
 * A target's answer as it arrives: its head at once, then its body's chunks and its end (or what broke it), each on
 * the context that sent the request. Chunks that arrive while no handler is set are dropped; while paused they wait.
 */
public interface UpstreamResponse {

    int statusCode();

    String statusMessage();

    MultiMap headers();

    default String getHeader(CharSequence name) {
        return headers().get(name);
    }

    UpstreamResponse handler(Handler<Buffer> handler);

    UpstreamResponse endHandler(Handler<Void> handler);

    /**
     * Instead of {@link #endHandler}, for a relay that writes each chunk on at once: the end, with the chunk that
     * came in the same read as the end (null when none), which the chunk handler then does not get. Both can then
     * go out in one write, the body's last bytes with its end, where they would otherwise take two.
     */
    UpstreamResponse lastHandler(Handler<Buffer> handler);

    UpstreamResponse exceptionHandler(Handler<Throwable> handler);

    /** Stops reading from the target until {@link #resume()}: the client's side is behind. */
    UpstreamResponse pause();

    UpstreamResponse resume();

    UpstreamRequest request();
}
