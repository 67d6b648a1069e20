package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * Translates one streamed response as it arrives. Upstream bytes come in however the network split them (an
 * event may span chunks, a chunk may hold several events); complete client events go out, at once. Holds the
 * stream's state (ids, tool-call indexes, usage) for one attempt. Never buffers more than one unfinished event.
 */
public interface StreamTranslator {

    /** Client bytes for the complete events this chunk finished; empty when it finished none. */
    Buffer onData(Buffer chunk);

    /**
     * The upstream ended: what is left, ending with the client API's terminator. Throws
     * {@link ProviderResponseException} when the upstream's last event never came: the stream was cut.
     */
    Buffer onEnd();

    /**
     * The upstream broke off (connection lost, went idle, sent what cannot be read, ended before its last event):
     * the client API's error event, which ends the client's stream, so that no client takes a cut answer for a
     * whole one. Empty when the client's stream already ended; null when it cannot take an event (bytes passed
     * through as they came may stop mid-event), and the connection must be reset instead.
     */
    Buffer cut(String reason);

    /**
     * Where the answer's usage comes from when this translator reads it from the provider's events (the client's
     * bytes then need no scan for it, and may not carry it: an OpenAI client that did not ask for
     * {@code stream_options.include_usage} gets none); null when the client's bytes carry it. The supplier gives
     * the usage of the complete answer as an OpenAI {@code usage} object (what the stream's usage chunk carries, or
     * would, had the client asked), or null: not complete (a cut answer reports none), or none reported.
     */
    default Supplier<JsonNode> reportedUsage() {
        return null;
    }

    /**
     * An empty buffer for the client events one upstream chunk gives. A text delta's event is a few hundred bytes,
     * about as long as the upstream's: sized for that, writing it does not grow (and copy) the buffer two or three
     * times from Vert.x's default.
     */
    static Buffer eventsFor(Buffer chunk) {
        return Buffer.buffer(Math.max(512, chunk.length() + chunk.length() / 2));
    }
}
