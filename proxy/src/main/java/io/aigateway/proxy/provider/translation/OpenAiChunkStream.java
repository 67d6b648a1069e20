package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * A stream translator to an OpenAI Chat Completions client that can hand each chunk on as the tree it built instead
 * of writing it as an event: a translator that carries OpenAI chunks on to another client API then neither parses
 * the event back nor pays for writing it.
 */
public interface OpenAiChunkStream extends StreamTranslator {

    /**
     * One JSON object of the stream (a {@code chat.completion.chunk}, or an error): written as a data-only event, or
     * taken as a tree. A chunk that knows its shape can write its event without building the whole tree.
     */
    interface Chunk {
        ObjectNode tree();

        /** Appends the data-only event whose data is {@link #tree} as compact JSON. */
        void appendEvent(Buffer out);

        /** A chunk that is its tree. */
        static Chunk of(ObjectNode tree) {
            return new Chunk() {
                @Override
                public ObjectNode tree() {
                    return tree;
                }

                @Override
                public void appendEvent(Buffer out) {
                    Json.appendSse(out, null, tree);
                }
            };
        }
    }

    /** Takes one chunk; {@code out} is the buffer of client bytes it would have been written to. */
    interface ChunkSink {
        void chunk(Buffer out, Chunk chunk);
    }

    /** Writes the chunk as a data-only event into {@code out}: what a stream does until handed another sink. */
    ChunkSink WRITE = (out, chunk) -> chunk.appendEvent(out);

    /**
     * Hands every chunk from now on to {@code sink}; what the stream writes as bytes (error events of its own,
     * {@code [DONE]}) still goes into the buffers it returns.
     */
    void handChunksTo(ChunkSink sink);
}
