package io.aigateway.cli.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages: a {@code message} object, or the named server-sent events of a stream ({@code message_start},
 * a text block with one {@code content_block_delta} per piece, {@code message_delta} carrying the stop reason and
 * output tokens, {@code message_stop}), and errors as {@code {"type": "error", "error": {"type", "message"}}}. The
 * shapes follow Anthropic's API reference, so that the official SDKs and the gateway's translator parse them.
 */
final class AnthropicMessages implements CannedApi {

    static final String MODEL = "mock-claude";

    @Override
    public List<String> paths() {
        return List.of("/v1/messages");
    }

    @Override
    public String defaultModel() {
        return MODEL;
    }

    @Override
    public Buffer completion(CannedAnswer answer) {
        return message(answer)
                .put("content", new JsonArray().add(text(answer.text())))
                .put("stop_reason", "end_turn")
                .put("usage", usage(answer.promptTokens(), answer.completionTokens()))
                .toBuffer();
    }

    @Override
    public List<Buffer> streamEvents(CannedAnswer answer) {
        List<Buffer> events = new ArrayList<>(answer.pieces().size() + 5);
        events.add(event("message_start", new JsonObject().put("type", "message_start").put("message",
                message(answer).put("content", new JsonArray()).putNull("stop_reason")
                        .put("usage", usage(answer.promptTokens(), 1)))));
        events.add(event("content_block_start", new JsonObject().put("type", "content_block_start").put("index", 0)
                .put("content_block", text(""))));
        for (String piece : answer.pieces()) {
            events.add(event("content_block_delta", new JsonObject().put("type", "content_block_delta").put("index", 0)
                    .put("delta", new JsonObject().put("type", "text_delta").put("text", piece))));
        }
        events.add(event("content_block_stop", new JsonObject().put("type", "content_block_stop").put("index", 0)));
        events.add(event("message_delta", new JsonObject().put("type", "message_delta")
                .put("delta", new JsonObject().put("stop_reason", "end_turn").putNull("stop_sequence"))
                .put("usage", new JsonObject().put("output_tokens", answer.completionTokens()))));
        events.add(event("message_stop", new JsonObject().put("type", "message_stop")));
        return events;
    }

    @Override
    public Buffer error(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
        return new JsonObject().put("type", "error")
                .put("error", new JsonObject().put("type", type).put("message", message))
                .toBuffer();
    }

    @Override
    public JsonObject models(String provider) {
        JsonObject model = new JsonObject()
                .put("type", "model")
                .put("id", MODEL)
                .put("display_name", "Mock Claude of " + provider)
                .put("created_at", "2023-11-14T22:13:20Z");
        return new JsonObject().put("data", new JsonArray().add(model)).put("has_more", false)
                .put("first_id", MODEL).put("last_id", MODEL);
    }

    private static JsonObject message(CannedAnswer answer) {
        return new JsonObject()
                .put("id", answer.id())
                .put("type", "message")
                .put("role", "assistant")
                .put("model", answer.model())
                .putNull("stop_sequence");
    }

    private static JsonObject text(String text) {
        return new JsonObject().put("type", "text").put("text", text);
    }

    private static JsonObject usage(int input, int output) {
        return new JsonObject().put("input_tokens", input).put("output_tokens", output);
    }

    private static Buffer event(String name, JsonObject data) {
        return Buffer.buffer("event: " + name + "\ndata: ").appendBuffer(data.toBuffer()).appendString("\n\n");
    }
}
