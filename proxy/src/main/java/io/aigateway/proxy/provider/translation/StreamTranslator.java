package io.aigateway.proxy.provider.translation;

import io.vertx.core.buffer.Buffer;

/**
 * Translates one streamed response as it arrives. Upstream bytes come in however the network split them (an
 * event may span chunks, a chunk may hold several events); complete client events go out, at once. Holds the
 * stream's state (ids, tool-call indexes, usage) for one attempt. Never buffers more than one unfinished event.
 */
public interface StreamTranslator {

    /** Client bytes for the complete events this chunk finished; empty when it finished none. */
    Buffer onData(Buffer chunk);

    /** The upstream ended: what is left, ending with the client API's terminator. */
    Buffer onEnd();
}
