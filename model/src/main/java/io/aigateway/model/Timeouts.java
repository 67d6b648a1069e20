package io.aigateway.model;

/**
 * How long the proxy waits on a target.
 *
 * @param connectMillis to open a connection
 * @param responseMillis from sending the request to the response headers; past it the target counts as failed
 *     and the request fails over (504 when no target is left)
 * @param idleMillis between two chunks of a response body, a stream included; past it the response is cut
 * @param queueMillis waiting for a free connection to a target when it has
 *     {@link Upstream#maxConnectionsPerTarget()} in use; past it the attempt fails as the gateway's own overload,
 *     which says nothing of the target's health. Not part of {@code connectMillis}
 */
public record Timeouts(int connectMillis, int responseMillis, int idleMillis, int queueMillis) {

    public static final Timeouts DEFAULTS = new Timeouts(5_000, 300_000, 120_000, 10_000);

    public Timeouts {
        Checks.requireRange(connectMillis, 1, 3_600_000, "timeouts.connectMillis");
        Checks.requireRange(responseMillis, 1, 3_600_000, "timeouts.responseMillis");
        Checks.requireRange(idleMillis, 1, 3_600_000, "timeouts.idleMillis");
        Checks.requireRange(queueMillis, 1, 3_600_000, "timeouts.queueMillis");
    }
}
