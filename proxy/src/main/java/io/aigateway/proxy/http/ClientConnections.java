package io.aigateway.proxy.http;

import io.aigateway.model.ClientTimeouts;
import io.aigateway.proxy.config.ConfigHolder;
import io.aigateway.proxy.config.RuntimeConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the client connections of one event loop's server that hold the proxy without a request in progress: a new
 * connection whose first request head is not complete within {@link ClientTimeouts#requestHeadMillis()} (one that
 * sends nothing, or trickles its headers), and a kept-alive one whose next request head is not complete within
 * {@link ClientTimeouts#idleMillis()} of its last response's end. The request body has its own deadline in
 * {@link BodyReader}.
 *
 * <p>No deadline is armed while a request is in progress, so a response may stream for as long as its target sends,
 * whatever the client does meanwhile. That is why the server sets no Vert.x idle timeout: it counts only bytes
 * read and written, so it would cut a stream whose target thinks silently for longer (or, as a read timeout, any
 * stream whose client sends nothing). The timeouts are read from the config being served when each deadline is armed.
 * Confined to the server's event loop.
 */
public final class ClientConnections implements Handler<HttpConnection> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnections.class);

    private final Deadlines deadlines;
    private final ConfigHolder configs;
    /** The deadline of each connection waiting for a request head. */
    private final Map<HttpConnection, Deadlines.Deadline> waiting = new HashMap<>();

    /** @param deadlines the timeouts of the server's event loop */
    public ClientConnections(Deadlines deadlines, ConfigHolder configs) {
        this.deadlines = deadlines;
        this.configs = configs;
    }

    /** A new connection: its first request head must arrive in time. */
    @Override
    public void handle(HttpConnection connection) {
        connection.closeHandler(v -> stopWaiting(connection));
        waitForHead(connection, timeouts().requestHeadMillis(), "no complete request head");
    }

    /** The request handler to give the server: it sees each request once this has marked its connection busy. */
    public Handler<HttpServerRequest> serving(Handler<HttpServerRequest> requests) {
        return request -> {
            requestStarted(request);
            requests.handle(request);
        };
    }

    /** A request head arrived: the connection is busy until the response has been written. */
    private void requestStarted(HttpServerRequest request) {
        HttpConnection connection = request.connection();
        stopWaiting(connection);
        request.response().bodyEndHandler(v -> waitForHead(connection, timeouts().idleMillis(),
                "idle, no new request"));
    }

    private void waitForHead(HttpConnection connection, long millis, String why) {
        stopWaiting(connection);
        waiting.put(connection, deadlines.arm(millis, () -> {
            waiting.remove(connection);
            LOG.debug("Closing client connection from {}: {} within {} ms", connection.remoteAddress(), why, millis);
            connection.close();
        }));
    }

    private void stopWaiting(HttpConnection connection) {
        Deadlines.Deadline deadline = waiting.remove(connection);
        if (deadline != null) {
            deadline.disarm();
        }
    }

    private ClientTimeouts timeouts() {
        RuntimeConfig config = configs.current();
        return config == null ? ClientTimeouts.DEFAULTS : config.clientTimeouts();
    }
}
