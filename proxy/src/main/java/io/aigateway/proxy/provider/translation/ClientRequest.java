package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.MultiMap;

/**
 * A client's request as translators read it: parsed once, shared by every attempt, and never mutated (a failover
 * translates again from it).
 *
 * @param body the request JSON; translators copy what they change
 * @param stream whether the client asked for a stream
 * @param headers the client's headers, for the few a translator passes on (Anthropic's {@code anthropic-version}
 *     and {@code anthropic-beta} to an Anthropic target); never the place to read credentials from
 */
public record ClientRequest(ClientApi api, ObjectNode body, boolean stream, MultiMap headers) {

    public ClientRequest {
        headers = headers == null ? MultiMap.caseInsensitiveMultiMap() : headers;
    }

    /** A request without headers a translator needs. */
    public ClientRequest(ClientApi api, ObjectNode body, boolean stream) {
        this(api, body, stream, null);
    }
}
