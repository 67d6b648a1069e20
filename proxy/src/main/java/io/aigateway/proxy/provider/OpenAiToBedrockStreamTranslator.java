package io.aigateway.proxy.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.bedrock.BedrockErrors;
import io.aigateway.proxy.provider.bedrock.ConverseStreamEvent;
import io.aigateway.proxy.provider.bedrock.EventStreamDecoder;
import io.aigateway.proxy.provider.bedrock.StopReasons;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import software.amazon.eventstream.Message;

/**
 * A Bedrock ConverseStream body ({@code application/vnd.amazon.eventstream}) as OpenAI {@code chat.completion.chunk}
 * server-sent events, event by event: a role chunk at {@code messageStart}; text deltas; for each tool use, a chunk
 * with its index, id and name, then its argument deltas; the finish reason at {@code messageStop}; a usage chunk
 * (empty {@code choices}) at {@code metadata}; {@code data: [DONE]} at the end. An exception or error message, a
 * malformed frame, or a body cut mid-frame ends the stream with an OpenAI error event instead of {@code [DONE]}.
 */
final class OpenAiToBedrockStreamTranslator implements StreamTranslator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final EventStreamDecoder decoder = new EventStreamDecoder();
    private final String id;
    private final long created;
    private final String model;
    /** Bedrock content block index → OpenAI tool call index. */
    private final Map<Integer, Integer> toolCalls = new HashMap<>();
    private boolean roleSent;
    private boolean failed;

    OpenAiToBedrockStreamTranslator(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    @Override
    public Buffer onData(Buffer chunk) {
        Buffer out = Buffer.buffer();
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
        return out.appendBytes(DONE);
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
                    ObjectNode call = NODES.objectNode().put("index", index)
                            .put("id", toolUse.path("toolUseId").asText()).put("type", "function");
                    call.putObject("function").put("name", toolUse.path("name").asText()).put("arguments", "");
                    ObjectNode delta = NODES.objectNode();
                    delta.putArray("tool_calls").add(call);
                    chunk(out, delta, null);
                }
            }
            case "contentBlockDelta" -> {
                JsonNode delta = p.path("delta");
                if (delta.has("text")) {
                    role(out);
                    chunk(out, NODES.objectNode().put("content", delta.get("text").asText()), null);
                } else if (delta.has("toolUse")) {
                    Integer index = toolCalls.get(p.path("contentBlockIndex").asInt());
                    if (index == null) {
                        fail(out, new BedrockErrors.Mapped(502, "server_error", "upstream_error",
                                "The Bedrock stream sent tool input for a block it never started."));
                        return;
                    }
                    ObjectNode call = NODES.objectNode().put("index", index);
                    call.putObject("function").put("arguments", delta.path("toolUse").path("input").asText(""));
                    ObjectNode d = NODES.objectNode();
                    d.putArray("tool_calls").add(call);
                    chunk(out, d, null);
                }
                // reasoningContent and citation deltas have no Chat Completions field: dropped.
            }
            case "messageStop" -> {
                role(out);
                chunk(out, NODES.objectNode(), StopReasons.toOpenAi(p.path("stopReason").asText(null)));
            }
            case "metadata" -> {
                if (p.has("usage")) {
                    ObjectNode c = base();
                    c.putArray("choices");
                    c.set("usage", OpenAiToBedrockTranslator.usage(p.get("usage")));
                    sse(out, c);
                }
            }
            default -> {
                // contentBlockStop and event types added later carry nothing a client needs.
            }
        }
    }

    private void role(Buffer out) {
        if (!roleSent) {
            roleSent = true;
            chunk(out, NODES.objectNode().put("role", "assistant").put("content", ""), null);
        }
    }

    private void chunk(Buffer out, ObjectNode delta, String finishReason) {
        ObjectNode c = base();
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finishReason == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finishReason);
        }
        sse(out, c);
    }

    private ObjectNode base() {
        return NODES.objectNode().put("id", id).put("object", "chat.completion.chunk").put("created", created)
                .put("model", model);
    }

    private void fail(Buffer out, BedrockErrors.Mapped error) {
        failed = true;
        sse(out, OpenAiToBedrockTranslator.errorBody(error));
    }

    private static void sse(Buffer out, JsonNode data) {
        out.appendString("data: ").appendBuffer(OpenAiToBedrockTranslator.write(data)).appendString("\n\n");
    }
}
