package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.openai.Reasoning;
import io.aigateway.proxy.provider.sse.SseDecoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.aigateway.proxy.provider.sse.SseException;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI {@code chat.completion.chunk} stream as Anthropic's Messages events, one chunk at a time:
 * {@code message_start} at the first chunk (input tokens 0: OpenAI reports usage only in its last chunk), then per
 * content block {@code content_block_start}, {@code content_block_delta} ({@code text_delta},
 * {@code thinking_delta} and {@code signature_delta} for the gateway's {@code reasoning_content} and
 * {@code reasoning_signature} deltas, or {@code input_json_delta} for a tool call, whose block starts with its id and
 * name), {@code content_block_stop}; at {@code [DONE]} {@code message_delta} with the stop reason and the usage of
 * OpenAI's usage chunk, then {@code message_stop}. An error object in the stream becomes Anthropic's
 * {@code error} event and ends it; so does a stream that ends or is cut before {@code [DONE]}, which never
 * gets {@code message_stop}. Every event is written with its {@code event:} name, as Anthropic sends it.
 */
final class AnthropicToOpenAiStreamTranslator implements StreamTranslator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SseDecoder decoder = new SseDecoder();
    private final String requestedModel;
    /** Anthropic block index of each OpenAI tool call index. */
    private final Map<Integer, Integer> toolBlocks = new HashMap<>();
    private boolean started;
    private boolean ended;
    /** The index of the open block, -1 when none is open. */
    private int openBlock = -1;
    /** The type of the open block: {@code text}, {@code thinking} or {@code tool_use}. */
    private String openType;
    private int nextBlock;
    private String finishReason;
    private JsonNode usage;

    AnthropicToOpenAiStreamTranslator(String requestedModel) {
        this.requestedModel = requestedModel;
    }

    @Override
    public Buffer onData(Buffer chunk) {
        Buffer out = StreamTranslator.eventsFor(chunk);
        List<SseEvent> events;
        try {
            events = decoder.decode(chunk);
        } catch (SseException e) {
            throw new ProviderResponseException(e.getMessage());
        }
        for (SseEvent event : events) {
            onEvent(event, out);
        }
        return out;
    }

    @Override
    public Buffer onEnd() {
        Buffer out = Buffer.buffer();
        for (SseEvent event : decoder.end()) {
            onEvent(event, out);
        }
        if (!ended) {
            // a cut stream: no [DONE]; the client must not take it for a whole answer
            throw new ProviderResponseException("OpenAI stream ended before [DONE]");
        }
        return out;
    }

    @Override
    public Buffer cut(String reason) {
        Buffer out = Buffer.buffer();
        if (!ended) {
            ended = true;
            emit(out, StreamEvent.ERROR, AnthropicErrors.body("api_error", reason));
        }
        return out;
    }

    private void onEvent(SseEvent event, Buffer out) {
        if (ended) {
            return;
        }
        String data = event.data().trim();
        if (data.equals("[DONE]")) {
            if (finishReason == null && !started) {
                throw new ProviderResponseException("OpenAI stream ended before any chunk");
            }
            finish(out);
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        JsonNode chunk;
        try {
            chunk = AnthropicToOpenAiTranslator.JSON.readTree(data);
        } catch (IOException e) {
            throw new ProviderResponseException("OpenAI stream chunk is not valid JSON");
        }
        if (chunk == null || !chunk.isObject()) {
            throw new ProviderResponseException("OpenAI stream chunk is not a JSON object");
        }
        onChunk(chunk, out);
    }

    /** One chunk (a JSON object), read from the stream or handed over as the tree a translator built. */
    void onChunk(JsonNode chunk, Buffer out) {
        if (ended) {
            return;
        }
        JsonNode error = chunk.get("error");
        if (error != null && !error.isNull()) {
            String message = error.isObject() ? error.path("message").asText("upstream error") : error.asText();
            emit(out, StreamEvent.ERROR, AnthropicErrors.body("api_error", message));
            ended = true;
            return;
        }
        if (!started) {
            start(chunk, out);
        }
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        JsonNode choice = chunk.path("choices").path(0);
        if (choice.isMissingNode()) {
            return;
        }
        JsonNode delta = choice.path("delta");
        thinking(delta, out);
        text(delta.get("content"), out);
        text(delta.get("refusal"), out);
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (JsonNode call : calls) {
                toolCall(call, out);
            }
        }
        String finish = choice.path("finish_reason").asText(null);
        if (finish != null && !finish.isEmpty()) {
            finishReason = finish;
        }
    }

    private void start(JsonNode chunk, Buffer out) {
        started = true;
        ObjectNode event = NODES.objectNode().put("type", StreamEvent.MESSAGE_START);
        ObjectNode message = event.putObject("message");
        message.put("id", AnthropicToOpenAiTranslator.messageId(chunk.path("id").asText(null)));
        message.put("type", "message");
        message.put("role", "assistant");
        message.put("model", chunk.path("model").asText(requestedModel == null ? "" : requestedModel));
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        JsonNode known = chunk.get("usage");
        ObjectNode startUsage = AnthropicToOpenAiTranslator.usage(known != null && known.isObject() ? known : null);
        startUsage.put("output_tokens", 0);
        message.set("usage", startUsage);
        emit(out, StreamEvent.MESSAGE_START, event);
    }

    private void text(JsonNode content, Buffer out) {
        if (nonEmpty(content)) {
            delta("text", StreamEvent.Delta.TEXT_DELTA, "text", content.asText(), out);
        }
    }

    private void thinking(JsonNode delta, Buffer out) {
        JsonNode reasoning = delta.get(Reasoning.CONTENT);
        if (nonEmpty(reasoning)) {
            delta("thinking", StreamEvent.Delta.THINKING_DELTA, "thinking", reasoning.asText(), out);
        }
        JsonNode signature = delta.get(Reasoning.SIGNATURE);
        if (nonEmpty(signature)) {
            delta("thinking", StreamEvent.Delta.SIGNATURE_DELTA, "signature", signature.asText(), out);
        }
    }

    private static boolean nonEmpty(JsonNode text) {
        return text != null && text.isTextual() && !text.asText().isEmpty();
    }

    /** A delta to the open block of {@code blockType}, opening one first when another (or none) is open. */
    private void delta(String blockType, String deltaType, String field, String value, Buffer out) {
        if (openBlock < 0 || !blockType.equals(openType)) {
            closeBlock(out);
            openBlock = nextBlock++;
            openType = blockType;
            ObjectNode start = blockEvent(StreamEvent.CONTENT_BLOCK_START, openBlock);
            ObjectNode block = start.putObject("content_block").put("type", blockType).put(blockType, "");
            if (blockType.equals("thinking")) {
                block.put("signature", "");
            }
            emit(out, StreamEvent.CONTENT_BLOCK_START, start);
        }
        ObjectNode event = blockEvent(StreamEvent.CONTENT_BLOCK_DELTA, openBlock);
        event.putObject("delta").put("type", deltaType).put(field, value);
        emit(out, StreamEvent.CONTENT_BLOCK_DELTA, event);
    }

    private void toolCall(JsonNode call, Buffer out) {
        int index = call.path("index").asInt(0);
        JsonNode function = call.path("function");
        Integer block = toolBlocks.get(index);
        if (block == null) {
            String id = call.path("id").asText(null);
            String name = function.path("name").asText(null);
            if (name == null || name.isEmpty()) {
                throw new ProviderResponseException("OpenAI stream's first delta of a tool call has no name");
            }
            closeBlock(out);
            block = nextBlock++;
            toolBlocks.put(index, block);
            openBlock = block;
            openType = "tool_use";
            ObjectNode start = blockEvent(StreamEvent.CONTENT_BLOCK_START, block);
            ObjectNode content = start.putObject("content_block");
            content.put("type", "tool_use");
            content.put("id", id == null || id.isEmpty() ? "toolu_gateway_" + index : id);
            content.put("name", name);
            content.putObject("input");
            emit(out, StreamEvent.CONTENT_BLOCK_START, start);
        }
        String arguments = function.path("arguments").asText("");
        if (!arguments.isEmpty()) {
            ObjectNode event = blockEvent(StreamEvent.CONTENT_BLOCK_DELTA, block);
            event.putObject("delta").put("type", StreamEvent.Delta.INPUT_JSON_DELTA).put("partial_json", arguments);
            emit(out, StreamEvent.CONTENT_BLOCK_DELTA, event);
        }
    }

    private void closeBlock(Buffer out) {
        if (openBlock >= 0) {
            emit(out, StreamEvent.CONTENT_BLOCK_STOP, blockEvent(StreamEvent.CONTENT_BLOCK_STOP, openBlock));
            openBlock = -1;
        }
    }

    private void finish(Buffer out) {
        if (!started) {
            start(NODES.objectNode(), out);
        }
        closeBlock(out);
        ObjectNode delta = NODES.objectNode().put("type", StreamEvent.MESSAGE_DELTA);
        delta.putObject("delta").put("stop_reason", AnthropicToOpenAiTranslator.stopReason(finishReason))
                .putNull("stop_sequence");
        delta.set("usage", AnthropicToOpenAiTranslator.usage(usage));
        emit(out, StreamEvent.MESSAGE_DELTA, delta);
        emit(out, StreamEvent.MESSAGE_STOP, NODES.objectNode().put("type", StreamEvent.MESSAGE_STOP));
        ended = true;
    }

    private static ObjectNode blockEvent(String type, int index) {
        return NODES.objectNode().put("type", type).put("index", index);
    }

    private static void emit(Buffer out, String name, ObjectNode data) {
        Json.appendSse(out, name, data);
    }
}
