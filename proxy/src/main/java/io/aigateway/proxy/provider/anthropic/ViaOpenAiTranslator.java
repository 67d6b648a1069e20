package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * An Anthropic Messages client to a target that OpenAI Chat Completions reaches through a translator of its own
 * (Gemini, Bedrock, Azure OpenAI): the request goes Anthropic → OpenAI ({@link AnthropicToOpenAiTranslator}) →
 * the target's API ({@code inner}); answers, streams and errors come back the other way, the target's API →
 * OpenAI ({@code inner}) → Anthropic. One instance serves one attempt, like both translators it holds.
 */
public final class ViaOpenAiTranslator implements Translator {

    private final AnthropicToOpenAiTranslator outer = new AnthropicToOpenAiTranslator();
    private final Translator inner;

    /** @param inner a fresh OpenAI Chat Completions translator for the target */
    public ViaOpenAiTranslator(Translator inner) {
        this.inner = inner;
    }

    @Override
    public UpstreamCall request(ClientRequest request, Target target, String model) {
        ClientRequest openAi = new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS,
                outer.openAiRequest(request, model, target.provider(), true), request.stream(), request.headers());
        return inner.request(openAi, target, model);
    }

    /**
     * What either leg cannot honour, named as the client named it. Of the fields the first leg writes, only
     * {@code stop} is refused by a second leg (the Responses API has no stop sequences).
     */
    @Override
    public void checkHonoured(ObjectNode body, Target target) {
        outer.checkHonoured(body, target);
        JsonNode stops = body.get("stop_sequences");
        if (stops != null && stops.isArray() && !stops.isEmpty()) {
            try {
                inner.checkHonoured(body.objectNode().set("stop", stops), target);
            } catch (TranslationException e) {
                throw new TranslationException("stop_sequences", e.getMessage());
            }
        }
    }

    @Override
    public Buffer response(Buffer upstreamBody) {
        return outer.response(inner.response(upstreamBody));
    }

    @Override
    public StreamTranslator stream() {
        StreamTranslator first = inner.stream();
        AnthropicToOpenAiStreamTranslator second = outer.stream();
        if (first instanceof OpenAiChunkStream chunks) {
            return new CarriedStream(chunks, second);
        }
        return new StreamTranslator() {
            @Override
            public Buffer onData(Buffer chunk) {
                Buffer openAi = first.onData(chunk);
                return openAi.length() == 0 ? openAi : second.onData(openAi);
            }

            @Override
            public Buffer onEnd() {
                Buffer out = second.onData(first.onEnd());
                return out.appendBuffer(second.onEnd());
            }

            @Override
            public Buffer cut(String reason) {
                // an error the inner translator already sent has ended the outer stream: it sends nothing more
                return second.cut(reason);
            }
        };
    }

    /**
     * The two legs of a stream whose first hands its chunks over as trees: each goes to the second leg as it is
     * built, never written as an event and parsed back. What the first leg writes as bytes (its own error events,
     * {@code [DONE]}) is read by the second as before, in the order it was written among the chunks.
     */
    private static final class CarriedStream implements StreamTranslator, OpenAiChunkStream.ChunkSink {

        private final StreamTranslator first;
        private final AnthropicToOpenAiStreamTranslator second;
        /** The client bytes of the call in progress. */
        private Buffer out;
        /** The first leg's buffer of the call in progress, and how many of its bytes the second leg has read. */
        private Buffer openAi;
        private int read;

        CarriedStream(OpenAiChunkStream first, AnthropicToOpenAiStreamTranslator second) {
            this.first = first;
            this.second = second;
            first.handChunksTo(this);
        }

        @Override
        public Buffer onData(Buffer chunk) {
            return carry(() -> first.onData(chunk));
        }

        @Override
        public Buffer onEnd() {
            return carry(first::onEnd).appendBuffer(second.onEnd());
        }

        @Override
        public Buffer cut(String reason) {
            // an error the inner translator already sent has ended the outer stream: it sends nothing more
            return second.cut(reason);
        }

        @Override
        public void chunk(Buffer openAiOut, OpenAiChunkStream.Chunk chunk) {
            readBytes(openAiOut); // bytes written before this chunk go first
            second.onChunk(chunk.tree(), out);
        }

        private Buffer carry(Supplier<Buffer> call) {
            Buffer client = Buffer.buffer();
            out = client;
            try {
                readBytes(call.get());
                return client;
            } finally {
                out = null;
                openAi = null;
                read = 0;
            }
        }

        private void readBytes(Buffer openAiOut) {
            if (openAiOut != openAi) {
                openAi = openAiOut;
                read = 0;
            }
            if (openAiOut.length() > read) {
                out.appendBuffer(second.onData(openAiOut.slice(read, openAiOut.length())));
                read = openAiOut.length();
            }
        }
    }

    @Override
    public ClientError error(int status, Buffer upstreamBody) {
        ClientError openAi = inner.error(status, upstreamBody);
        return outer.error(openAi.status(), openAi.body());
    }
}
