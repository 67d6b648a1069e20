package io.aigateway.proxy.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.proxy.provider.openai.OpenAiChunks;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.eventstream.Message;

/**
 * A Bedrock ConverseStream body ({@code application/vnd.amazon.eventstream}) as OpenAI {@code chat.completion.chunk}
 * server-sent events, event by event: a role chunk at {@code messageStart}; text deltas; for each tool use, a chunk
 * with its index, id and name, then its argument deltas; the finish reason at {@code messageStop}; a usage chunk
 * (empty {@code choices}) at {@code metadata} when the client asked {@code stream_options.include_usage} (every
 * other chunk then carries {@code usage:null}, as OpenAI does); {@code data: [DONE]} at the end. An exception or
 * error message, a malformed frame, or a body cut mid-frame or before {@code messageStop} ends the stream with an
 * OpenAI error event instead of {@code [DONE]}.
 */
final class OpenAiToBedrockStreamTranslator implements OpenAiChunkStream {

    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final EventStreamDecoder decoder = new EventStreamDecoder();
    private final OpenAiChunks chunks;
    private final boolean includeUsage;
    /** Bedrock content block index → OpenAI tool call index. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private boolean roleSent;
    private boolean failed;
    /** Whether messageStop came: a stream without it was cut. */
    private boolean stopped;
    /** The usage of {@code metadata}; the answer's once the stream ended whole. */
    private JsonNode reportedUsage;
    private JsonNode completeUsage;
    private ChunkSink sink = WRITE;

    OpenAiToBedrockStreamTranslator(String id, long created, String model, boolean includeUsage) {
        this.chunks = new OpenAiChunks(id, created, model, includeUsage);
        this.includeUsage = includeUsage;
    }

    @Override
    public Buffer onData(Buffer chunk) {
        Buffer out = StreamTranslator.eventsFor(chunk);
        if (failed) {
            return out;
        }
        try {
            for (Message message : decoder.feed(chunk.getBytes())) {
                event(ConverseStreamEvent.of(message, OpenAiToBedrockTranslator.JSON), out);
                if (failed) {
                    break;
                }
            }
        } catch (ProviderResponseException e) {
            fail(out, new BedrockErrors.Mapped(502, "server_error", "upstream_error",
                    "The Bedrock stream could not be read: " + e.getMessage()));
        }
        return out;
    }

    @Override
    public Buffer onEnd() {
        Buffer out = Buffer.buffer();
        if (failed) {
            return out;
        }
        if (decoder.hasPartialFrame()) {
            fail(out, new BedrockErrors.Mapped(502, "server_error", "upstream_error",
                    "The Bedrock stream ended in the middle of an event."));
            return out;
        }
        if (!stopped) {
            throw new ProviderResponseException("The Bedrock stream ended before messageStop.");
        }
        completeUsage = reportedUsage;
        return out.appendBytes(DONE);
    }

    @Override
    public Supplier<JsonNode> reportedUsage() {
        return () -> completeUsage;
    }

    @Override
    public Buffer cut(String reason) {
        Buffer out = Buffer.buffer();
        if (!failed) {
            fail(out, new BedrockErrors.Mapped(502, "server_error", "upstream_error", reason));
        }
        return out;
    }

    private void event(ConverseStreamEvent e, Buffer out) {
        if (!ConverseStreamEvent.EVENT.equals(e.messageType())) {
            fail(out, BedrockErrors.map(500, e.type(), e.payload().path("message").asText(null)));
            return;
        }
        JsonNode p = e.payload();
        switch (e.type()) {
            case "messageStart" -> role(out);
            case "contentBlockStart" -> {
                JsonNode toolUse = p.path("start").path("toolUse");
                if (toolUse.isObject()) {
                    role(out);
                    int index = toolCalls.size();
                    toolCalls.put(p.path("contentBlockIndex").asInt(), index);
                    sse(out, chunks.toolCallStart(index, toolUse.path("toolUseId").asText(),
                            toolUse.path("name").asText()));
                }
            }
            case "contentBlockDelta" -> {
                JsonNode delta = p.path("delta");
                if (delta.has("text")) {
                    role(out);
                    sse(out, chunks.text("content", delta.get("text").asText()));
                } else if (delta.has("toolUse")) {
                    Integer index = toolCalls.get(p.path("contentBlockIndex").asInt());
                    if (index == null) {
                        fail(out, new BedrockErrors.Mapped(502, "server_error", "upstream_error",
                                "The Bedrock stream sent tool input for a block it never started."));
                        return;
                    }
                    sse(out, chunks.toolCallArguments(index, delta.path("toolUse").path("input").asText("")));
                } else if (delta.has("reasoningContent")) {
                    reasoning(delta.get("reasoningContent"), out);
                }
                // citation deltas have no Chat Completions field: dropped.
            }
            case "messageStop" -> {
                stopped = true;
                role(out);
                sse(out, chunks.finish(StopReasons.toOpenAi(p.path("stopReason").asText(null))));
            }
            case "metadata" -> {
                if (p.has("usage")) {
                    reportedUsage = OpenAiToBedrockTranslator.usage(p.get("usage"));
                    if (includeUsage) {
                        sse(out, chunks.usage(reportedUsage));
                    }
                }
            }
            default -> {
                // contentBlockStop and event types added later carry nothing a client needs.
            }
        }
    }

    private void reasoning(JsonNode reasoning, Buffer out) {
        role(out);
        if (reasoning.hasNonNull("text")) {
            sse(out, chunks.text(Reasoning.CONTENT, reasoning.get("text").asText()));
        }
        if (reasoning.hasNonNull("signature")) {
            sse(out, chunks.text(Reasoning.SIGNATURE, reasoning.get("signature").asText()));
        }
        // redactedContent: encrypted reasoning no client outside Bedrock can read, dropped
    }

    private void role(Buffer out) {
        if (!roleSent) {
            roleSent = true;
            sse(out, chunks.role());
        }
    }

    private void fail(Buffer out, BedrockErrors.Mapped error) {
        failed = true;
        sse(out, Chunk.of(OpenAiToBedrockTranslator.errorBody(error)));
    }

    private void sse(Buffer out, Chunk data) {
        sink.chunk(out, data);
    }

    @Override
    public void handChunksTo(ChunkSink chunkSink) {
        sink = chunkSink;
    }
}
