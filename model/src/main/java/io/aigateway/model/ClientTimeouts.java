package io.aigateway.model;

/**
 * How long the proxy waits on its clients, so that connections sending nothing, or trickling a request, cannot
 * hold the proxy's connections forever. Nothing here limits a response: a stream may run for as long as its target
 * sends, whatever the client does meanwhile.
 *
 * @param requestHeadMillis from a new connection's accept to the end of its first request's head
 * @param requestBodyMillis from the end of a request's head to the end of its body; a body still arriving is
 *     answered 408 and its connection closed
 * @param idleMillis from the end of a response to the end of the next request's head on the same connection
 *     (keep-alive); past it the connection is closed
 */
public record ClientTimeouts(int requestHeadMillis, int requestBodyMillis, int idleMillis) {

    public static final ClientTimeouts DEFAULTS = new ClientTimeouts(15_000, 120_000, 75_000);

    public ClientTimeouts {
        Checks.requireRange(requestHeadMillis, 1, 3_600_000, "clientTimeouts.requestHeadMillis");
        Checks.requireRange(requestBodyMillis, 1, 3_600_000, "clientTimeouts.requestBodyMillis");
        Checks.requireRange(idleMillis, 1, 3_600_000, "clientTimeouts.idleMillis");
    }
}
