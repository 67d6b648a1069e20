package io.aigateway.proxy.provider;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A client's request as translators read it: parsed once, shared by every attempt, and never mutated (a failover
 * translates again from it).
 *
 * @param body the request JSON; translators copy what they change
 * @param stream whether the client asked for a stream
 */
public record ClientRequest(ClientApi api, ObjectNode body, boolean stream) {
}
