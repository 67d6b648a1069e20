package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * A stream translator to an OpenAI Chat Completions client that can hand each chunk on as the tree it built instead
 * of writing it as an event: a translator that carries OpenAI chunks on to another client API then neither parses
 * the event back nor pays for writing it.
 */
public interface OpenAiChunkStream extends StreamTranslator {

    /** Takes one chunk; {@code out} is the buffer of client bytes it would have been written to. */
    interface ChunkSink {
        void chunk(Buffer out, ObjectNode chunk);
    }

    /** Writes the chunk as a data-only event into {@code out}: what a stream does until handed another sink. */
    ChunkSink WRITE = (out, chunk) -> Json.appendSse(out, null, chunk);

    /**
     * Hands every chunk from now on to {@code sink}; what the stream writes as bytes (error events of its own,
     * {@code [DONE]}) still goes into the buffers it returns.
     */
    void handChunksTo(ChunkSink sink);
}
