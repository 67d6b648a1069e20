package io.aigateway.proxy.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.vertx.core.buffer.Buffer;

/**
 * The {@code chat.completion.chunk}s of one OpenAI stream: every chunk carries the same id, {@code created} and
 * model, and one choice (index 0) with its {@code delta}, {@code logprobs:null} and {@code finish_reason}. Callers
 * serialise and send them.
 */
public final class OpenAiChunks {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String id;
    private final long created;
    private final String model;
    private final boolean nullUsage;

    /**
     * @param nullUsage whether every chunk but the usage chunk carries {@code usage:null}, as OpenAI sends when the
     *                  client asked {@code stream_options.include_usage}
     */
    public OpenAiChunks(String id, long created, String model, boolean nullUsage) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.nullUsage = nullUsage;
    }

    /** The first chunk: {@code delta:{role:"assistant",content:""}}. */
    public ObjectNode role() {
        return chunk(NODES.objectNode().put("role", "assistant").put("content", ""), null);
    }

    /** A chunk with {@code delta:{<field>:text}} ({@code content} or {@code refusal}). */
    public ObjectNode text(String field, String text) {
        return chunk(NODES.objectNode().put(field, text), null);
    }

    /** The chunk that ends the choice: {@code delta:{}} and the finish reason. */
    public ObjectNode finish(String finishReason) {
        return chunk(NODES.objectNode(), finishReason);
    }

    /** A tool call's first chunk: its index, id, type and name, and empty arguments. */
    public ObjectNode toolCallStart(int index, String callId, String name) {
        ObjectNode call = NODES.objectNode().put("index", index).put("id", callId).put("type", "function");
        call.putObject("function").put("name", name).put("arguments", "");
        return toolCall(call);
    }

    /** A chunk with a part of a tool call's arguments. */
    public ObjectNode toolCallArguments(int index, String arguments) {
        ObjectNode call = NODES.objectNode().put("index", index);
        call.putObject("function").put("arguments", arguments);
        return toolCall(call);
    }

    /** The usage chunk: {@code choices:[]} and the usage ({@code null} written as such). */
    public ObjectNode usage(JsonNode usage) {
        ObjectNode chunk = base();
        chunk.putArray("choices");
        if (usage == null) {
            chunk.putNull("usage");
        } else {
            chunk.set("usage", usage);
        }
        return chunk;
    }

    private ObjectNode toolCall(ObjectNode call) {
        ObjectNode delta = NODES.objectNode();
        delta.putArray("tool_calls").add(call);
        return chunk(delta, null);
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = base();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        if (nullUsage) {
            chunk.putNull("usage");
        }
        return chunk;
    }

    private ObjectNode base() {
        ObjectNode chunk = NODES.objectNode();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    /** {@link #cut} as the event that ends an OpenAI client's stream. */
    public static Buffer cutEvent(String reason) {
        return SseEncoder.data(cut(reason).toString());
    }

    /** The error a stream ends with when its upstream broke off: {@code {"error":{…}}}, as OpenAI ends one. */
    public static ObjectNode cut(String reason) {
        ObjectNode out = NODES.objectNode();
        out.putObject("error").put("message", reason).put("type", "server_error").putNull("param")
                .put("code", "upstream_stream_cut");
        return out;
    }
}
