package io.aigateway.proxy.provider.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.aigateway.proxy.provider.openai.OpenAiChunks;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.SseStreamTranslator;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * An OpenAI Responses API event stream as OpenAI {@code chat.completion.chunk}s, event by event.
 *
 * <ul>
 *   <li>{@code response.created}: a chunk with {@code delta:{role:"assistant",content:""}}; the response's id,
 *       model and {@code created_at} (the clock when absent) are those of every chunk.</li>
 *   <li>{@code response.output_text.delta}: a content chunk; {@code response.refusal.delta} a refusal chunk.</li>
 *   <li>{@code response.output_item.added} of a {@code function_call}: a chunk with the tool call's index
 *       (counting function calls only), id (the item's {@code call_id}), type and name and empty arguments; each
 *       {@code response.function_call_arguments.delta} of that item then a chunk with the index and the partial
 *       arguments. When an item's {@code response.output_item.done} carries arguments no delta sent, they go out
 *       then, so no server's way of streaming loses them.</li>
 *   <li>{@code response.completed} or {@code response.incomplete}: a chunk with {@code delta:{}} and the finish
 *       reason ({@code tool_calls} when the answer called functions, {@code length} or {@code content_filter} for
 *       an incomplete one, else {@code stop}); when the client asked {@code stream_options.include_usage}, a chunk
 *       with {@code choices:[]} and the usage (every other chunk then carries {@code usage:null}, as OpenAI does);
 *       then {@code data: [DONE]}.</li>
 *   <li>{@code response.failed}, {@code error}, or an event that cannot be read: an OpenAI error event
 *       ({@code data: {"error":{…}}}) and nothing after it, as OpenAI ends a failed stream. An upstream that ends
 *       before its response finished gets the same, so a client never takes a cut stream for a whole one.</li>
 *   <li>Every other event ({@code response.in_progress}, content part and {@code .done} events, reasoning,
 *       built-in tools, event types added later): nothing.</li>
 * </ul>
 */
public final class OpenAiToResponsesStreamTranslator extends SseStreamTranslator implements OpenAiChunkStream {

    private static final Buffer DONE = SseEncoder.data("[DONE]");
    private static final ObjectReader EVENTS = OpenAiToResponsesTranslator.JSON.readerFor(StreamEvent.class);

    private final Clock clock;
    private final boolean includeUsage;

    /** Set by {@code response.created}, with the response's id, model and creation time. */
    private OpenAiChunks chunks;
    /** Function calls by the output index of their item. */
    private final Map<Integer, ToolCall> toolCalls = new HashMap<>();
    private ChunkSink sink = WRITE;
    /** The answer's usage, once {@code response.completed} (or {@code incomplete}) ended it. */
    private JsonNode completeUsage;

    private static final class ToolCall {
        final int index;
        boolean argumentsSent;

        ToolCall(int index) {
            this.index = index;
        }
    }

    OpenAiToResponsesStreamTranslator(Clock clock, boolean includeUsage) {
        this.clock = clock;
        this.includeUsage = includeUsage;
    }

    @Override
    protected Buffer failed(String message) {
        return fail(message, null, null);
    }

    @Override
    protected void translate(SseEvent sse, Buffer out) {
        StreamEvent event;
        try {
            event = Json.readEvent(EVENTS, sse.data(), "Responses API stream event");
        } catch (ProviderResponseException e) {
            out.appendBuffer(fail(e.getMessage(), null, null));
            return;
        }
        String type = event.type() != null ? event.type() : sse.event();
        if (type == null) {
            return;
        }
        if (StreamEvent.ERROR.equals(type)) {
            ErrorDetail error = event.error();
            String message = event.message() != null ? event.message() : error != null ? error.message() : null;
            String code = event.code() != null ? event.code() : error != null ? error.code() : null;
            String param = event.param() != null ? event.param() : error != null ? error.param() : null;
            out.appendBuffer(fail(message, code, param));
            return;
        }
        if (chunks == null && !StreamEvent.CREATED.equals(type)) {
            out.appendBuffer(fail("the upstream stream did not start with response.created", null, null));
            return;
        }
        switch (type) {
            case StreamEvent.CREATED -> {
                Response response = event.response();
                if (response == null || response.id() == null) {
                    out.appendBuffer(fail("response.created without a response id", null, null));
                    return;
                }
                if (chunks != null) {
                    out.appendBuffer(fail("a second response.created in one stream", null, null));
                    return;
                }
                chunks = new OpenAiChunks(response.id(),
                        response.createdAt() != null ? response.createdAt() : clock.instant().getEpochSecond(),
                        response.model() == null ? "" : response.model(), includeUsage);
                emit(out, chunks.role());
            }
            case StreamEvent.OUTPUT_TEXT_DELTA -> {
                if (event.delta() != null && !event.delta().isEmpty()) {
                    emit(out, chunks.text("content", event.delta()));
                }
            }
            case StreamEvent.REASONING_SUMMARY_TEXT_DELTA -> {
                if (event.delta() != null && !event.delta().isEmpty()) {
                    emit(out, chunks.text(Reasoning.CONTENT, event.delta()));
                }
            }
            case StreamEvent.REFUSAL_DELTA -> {
                if (event.delta() != null && !event.delta().isEmpty()) {
                    emit(out, chunks.text("refusal", event.delta()));
                }
            }
            case StreamEvent.OUTPUT_ITEM_ADDED -> {
                OutputItem item = event.item();
                if (item != null && OutputItem.FUNCTION_CALL.equals(item.type())) {
                    startToolCall(event.outputIndex(), item, out);
                }
            }
            case StreamEvent.FUNCTION_CALL_ARGUMENTS_DELTA -> {
                ToolCall call = event.outputIndex() == null ? null : toolCalls.get(event.outputIndex());
                if (call == null) {
                    out.appendBuffer(fail("function_call_arguments.delta for an unknown output item", null, null));
                    return;
                }
                if (event.delta() != null && !event.delta().isEmpty()) {
                    call.argumentsSent = true;
                    emit(out, chunks.toolCallArguments(call.index, event.delta()));
                }
            }
            case StreamEvent.OUTPUT_ITEM_DONE -> {
                OutputItem item = event.item();
                if (item == null || !OutputItem.FUNCTION_CALL.equals(item.type())) {
                    return;
                }
                ToolCall call = event.outputIndex() == null ? null : toolCalls.get(event.outputIndex());
                if (call == null) {
                    call = startToolCall(event.outputIndex(), item, out);
                }
                if (call != null && !call.argumentsSent && item.arguments() != null && !item.arguments().isEmpty()) {
                    call.argumentsSent = true;
                    emit(out, chunks.toolCallArguments(call.index, item.arguments()));
                }
            }
            case StreamEvent.COMPLETED, StreamEvent.INCOMPLETE -> {
                Response response = event.response();
                if (response == null) {
                    out.appendBuffer(fail(type + " without a response", null, null));
                    return;
                }
                String status = response.status() != null ? response.status()
                        : StreamEvent.INCOMPLETE.equals(type) ? Response.INCOMPLETE : Response.COMPLETED;
                Response finished = new Response(response.id(), response.object(), response.createdAt(), status,
                        response.model(), response.output(), response.incompleteDetails(), response.error(),
                        response.usage());
                emit(out, chunks.finish(OpenAiToResponsesTranslator.finishReason(finished, !toolCalls.isEmpty())));
                completeUsage = response.usage() == null ? null : OpenAiToResponsesTranslator.usage(response.usage());
                if (includeUsage) {
                    emit(out, chunks.usage(completeUsage));
                }
                closed = true;
                out.appendBuffer(DONE);
            }
            case StreamEvent.FAILED -> {
                ErrorDetail error = event.response() == null ? null : event.response().error();
                out.appendBuffer(fail(error == null ? null : error.message(), error == null ? null : error.code(),
                        null));
            }
            default -> {
                // response.in_progress, content parts, .done events, reasoning, built-in tools, later additions
            }
        }
    }

    /** Registers a function call and sends its first delta (id, type, name); null when the item is unusable. */
    private ToolCall startToolCall(Integer outputIndex, OutputItem item, Buffer out) {
        if (outputIndex == null || item.callId() == null || item.name() == null) {
            out.appendBuffer(fail("function_call item without output_index, call_id or name", null, null));
            return null;
        }
        ToolCall call = new ToolCall(toolCalls.size());
        toolCalls.put(outputIndex, call);
        emit(out, chunks.toolCallStart(call.index, item.callId(), item.name()));
        if (item.arguments() != null && !item.arguments().isEmpty()) {
            call.argumentsSent = true;
            emit(out, chunks.toolCallArguments(call.index, item.arguments()));
        }
        return call;
    }

    /** An OpenAI error event; the stream ends with it. */
    private Buffer fail(String message, String code, String param) {
        closed = true;
        String text = message == null || message.isBlank() ? "the upstream provider failed during the stream"
                : message;
        String type = code != null && code.startsWith("rate_limit") ? "rate_limit_error" : "server_error";
        return SseEncoder.data(Json.write(
                OpenAiToResponsesTranslator.openAiError(text, type, param, code)));
    }

    private void emit(Buffer out, Chunk chunk) {
        sink.chunk(out, chunk);
    }

    @Override
    public void handChunksTo(ChunkSink chunkSink) {
        sink = chunkSink;
    }

    @Override
    public Supplier<JsonNode> reportedUsage() {
        return () -> completeUsage;
    }
}
