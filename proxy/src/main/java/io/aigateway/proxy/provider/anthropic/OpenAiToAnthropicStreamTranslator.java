package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.openai.OpenAiChunks;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream.Chunk;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.SseStreamTranslator;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An Anthropic Messages stream as OpenAI {@code chat.completion.chunk}s, event by event.
 *
 * <ul>
 *   <li>{@code message_start}: a chunk with {@code delta:{role:"assistant",content:""}}; its message id and model
 *       are the id and model of every chunk, {@code created} comes from the clock once.</li>
 *   <li>{@code text_delta}: a content chunk.</li>
 *   <li>{@code content_block_start} of a {@code tool_use}: a chunk with the tool call's index (counting tool
 *       blocks only), id, type and name and empty arguments; each {@code input_json_delta} then a chunk with that
 *       index and the partial arguments.</li>
 *   <li>{@code message_delta}: nothing yet; its stop reason is kept.</li>
 *   <li>{@code message_stop}: a chunk with {@code delta:{}} and the finish reason; when the client asked
 *       {@code stream_options.include_usage}, a chunk with {@code choices:[]} and the usage (as OpenAI does,
 *       every other chunk then carries {@code usage:null}); then {@code data: [DONE]}.</li>
 *   <li>{@code error}, or an event that cannot be read: an OpenAI error event ({@code data: {"error":{…}}}) and
 *       nothing after it, as OpenAI ends a failed stream. An upstream that ends or is cut before
 *       {@code message_stop}, even after {@code message_delta}, gets the same: a client never takes a cut stream
 *       for a whole one.</li>
 *   <li>{@code ping}, {@code content_block_stop}, thinking blocks and event types added later: nothing.</li>
 * </ul>
 */
public final class OpenAiToAnthropicStreamTranslator extends SseStreamTranslator {

    private static final Buffer DONE = SseEncoder.data("[DONE]");

    private final Clock clock;
    private final boolean includeUsage;

    /** Set by {@code message_start}, with the message's id and model. */
    private OpenAiChunks chunks;
    private Usage usage = Usage.EMPTY;
    /** Anthropic content block index to OpenAI tool call index. */
    private final Map<Integer, Integer> toolIndexes = new HashMap<>();
    /** The finish reason of {@code message_delta}: sent at {@code message_stop}, so a cut stream never has one. */
    private String finishReason;
    /** The answer's usage, once {@code message_stop} ended it. */
    private JsonNode completeUsage;

    OpenAiToAnthropicStreamTranslator(Clock clock, boolean includeUsage) {
        this.clock = clock;
        this.includeUsage = includeUsage;
    }

    @Override
    protected Buffer failed(String message) {
        return fail("api_error", message);
    }

    @Override
    protected void translate(SseEvent sse, Buffer out) {
        StreamEvent event;
        try {
            event = Json.read(() -> StreamEvent.read(sse.data()), "Anthropic stream event");
        } catch (ProviderResponseException e) {
            out.appendBuffer(fail("api_error", e.getMessage()));
            return;
        }
        String type = event.type() != null ? event.type() : sse.event();
        if (type == null) {
            return;
        }
        if (StreamEvent.ERROR.equals(type)) {
            String errorType = event.error() == null ? null : event.error().type();
            String message = event.error() == null || event.error().message() == null
                    ? "the upstream provider failed during the stream" : event.error().message();
            out.appendBuffer(fail(errorType, message));
            return;
        }
        if (StreamEvent.PING.equals(type)) {
            return;
        }
        if (chunks == null && !StreamEvent.MESSAGE_START.equals(type)) {
            out.appendBuffer(fail("api_error", "the upstream stream did not start with message_start"));
            return;
        }
        switch (type) {
            case StreamEvent.MESSAGE_START -> {
                if (event.message() == null || event.message().id() == null) {
                    out.appendBuffer(fail("api_error", "message_start without a message id"));
                    return;
                }
                if (chunks != null) {
                    out.appendBuffer(fail("api_error", "a second message_start in one stream"));
                    return;
                }
                String model = event.message().model() == null ? "" : event.message().model();
                chunks = new OpenAiChunks(event.message().id(), clock.instant().getEpochSecond(), model,
                        includeUsage);
                usage = usage.updatedBy(event.message().usage());
                emit(out, chunks.role());
            }
            case StreamEvent.CONTENT_BLOCK_START -> {
                ContentBlock block = event.contentBlock();
                if (block == null || event.index() == null) {
                    out.appendBuffer(fail("api_error", "content_block_start without index or block"));
                    return;
                }
                if (ContentBlock.TOOL_USE.equals(block.type())) {
                    if (block.id() == null || block.name() == null) {
                        out.appendBuffer(fail("api_error", "tool_use block without id or name"));
                        return;
                    }
                    int toolIndex = toolIndexes.size();
                    toolIndexes.put(event.index(), toolIndex);
                    emit(out, chunks.toolCallStart(toolIndex, block.id(), block.name()));
                } else if (ContentBlock.TEXT.equals(block.type()) && block.text() != null
                        && !block.text().isEmpty()) {
                    emit(out, chunks.text("content", block.text()));
                }
            }
            case StreamEvent.CONTENT_BLOCK_DELTA -> {
                StreamEvent.Delta delta = event.delta();
                if (delta == null || event.index() == null) {
                    out.appendBuffer(fail("api_error", "content_block_delta without index or delta"));
                    return;
                }
                if (StreamEvent.Delta.TEXT_DELTA.equals(delta.type())) {
                    if (delta.text() != null && !delta.text().isEmpty()) {
                        emit(out, chunks.text("content", delta.text()));
                    }
                } else if (StreamEvent.Delta.INPUT_JSON_DELTA.equals(delta.type())) {
                    // a block not registered as a tool call (a server tool's input) is not the client's to run
                    Integer toolIndex = toolIndexes.get(event.index());
                    if (toolIndex != null && delta.partialJson() != null && !delta.partialJson().isEmpty()) {
                        emit(out, chunks.toolCallArguments(toolIndex, delta.partialJson()));
                    }
                }
                // thinking, signature and citations deltas have no Chat Completions equivalent
            }
            case StreamEvent.MESSAGE_DELTA -> {
                usage = usage.updatedBy(event.usage());
                if (event.delta() != null && event.delta().stopReason() != null && finishReason == null) {
                    finishReason = OpenAiToAnthropicTranslator.finishReason(event.delta().stopReason());
                }
            }
            case StreamEvent.MESSAGE_STOP -> {
                emit(out, chunks.finish(finishReason == null ? "stop" : finishReason));
                terminate(out);
            }
            default -> {
                // content_block_stop, and event types Anthropic adds later
            }
        }
    }

    @Override
    public Supplier<JsonNode> reportedUsage() {
        return () -> completeUsage;
    }

    private void terminate(Buffer out) {
        completeUsage = OpenAiToAnthropicTranslator.usage(usage);
        if (includeUsage) {
            emit(out, chunks.usage(completeUsage));
        }
        closed = true;
        out.appendBuffer(DONE);
    }

    /** An OpenAI error event; the stream ends with it. */
    private Buffer fail(String anthropicType, String message) {
        closed = true;
        int status = OpenAiToAnthropicTranslator.clientStatus(500, anthropicType);
        ObjectNode error = OpenAiToAnthropicTranslator.openAiError(message, anthropicType, status);
        return SseEncoder.data(Json.write(error));
    }

    private static void emit(Buffer out, Chunk chunk) {
        chunk.appendEvent(out);
    }
}
