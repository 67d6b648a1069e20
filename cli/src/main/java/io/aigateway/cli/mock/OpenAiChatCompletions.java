package io.aigateway.cli.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Chat Completions: a {@code chat.completion} object, or server-sent {@code chat.completion.chunk}s (a role
 * chunk, one chunk per content piece, a finish chunk carrying usage, then {@code data: [DONE]}), and errors as
 * {@code {"error": {"message", "type", "param", "code"}}}. The shapes follow OpenAI's API reference, so that the
 * official SDKs parse them.
 */
final class OpenAiChatCompletions implements CannedApi {

    static final String MODEL = "mock-gpt";

    @Override
    public List<String> paths() {
        return List.of("/v1/chat/completions", "/chat/completions");
    }

    @Override
    public String defaultModel() {
        return MODEL;
    }

    @Override
    public Buffer completion(CannedAnswer answer) {
        JsonObject message = new JsonObject()
                .put("role", "assistant")
                .put("content", answer.text())
                .putNull("refusal");
        JsonObject choice = new JsonObject()
                .put("index", 0)
                .put("message", message)
                .putNull("logprobs")
                .put("finish_reason", "stop");
        return header(answer, "chat.completion")
                .put("choices", new JsonArray().add(choice))
                .put("usage", usage(answer))
                .toBuffer();
    }

    @Override
    public List<Buffer> streamEvents(CannedAnswer answer) {
        List<Buffer> events = new ArrayList<>(answer.pieces().size() + 3);
        events.add(event(chunk(answer, new JsonObject().put("role", "assistant").put("content", ""), null)));
        for (String piece : answer.pieces()) {
            events.add(event(chunk(answer, new JsonObject().put("content", piece), null)));
        }
        events.add(event(chunk(answer, new JsonObject(), "stop").put("usage", usage(answer))));
        events.add(Buffer.buffer("data: [DONE]\n\n"));
        return events;
    }

    @Override
    public Buffer error(int status, String message) {
        String type = status == 429 ? "rate_limit_exceeded"
                : status >= 500 ? "server_error"
                : status == 401 ? "authentication_error"
                : "invalid_request_error";
        JsonObject error = new JsonObject()
                .put("message", message)
                .put("type", type)
                .putNull("param")
                .putNull("code");
        return new JsonObject().put("error", error).toBuffer();
    }

    @Override
    public JsonObject models(String provider) {
        JsonObject model = new JsonObject()
                .put("id", MODEL)
                .put("object", "model")
                .put("created", 1_700_000_000L)
                .put("owned_by", provider);
        return new JsonObject().put("object", "list").put("data", new JsonArray().add(model));
    }

    private static JsonObject header(CannedAnswer answer, String object) {
        return new JsonObject()
                .put("id", answer.id())
                .put("object", object)
                .put("created", answer.createdEpochSeconds())
                .put("model", answer.model())
                .put("system_fingerprint", "fp_" + answer.provider());
    }

    private static JsonObject chunk(CannedAnswer answer, JsonObject delta, String finishReason) {
        JsonObject choice = new JsonObject()
                .put("index", 0)
                .put("delta", delta)
                .putNull("logprobs")
                .put("finish_reason", finishReason);
        return header(answer, "chat.completion.chunk").put("choices", new JsonArray().add(choice));
    }

    private static JsonObject usage(CannedAnswer answer) {
        return new JsonObject()
                .put("prompt_tokens", answer.promptTokens())
                .put("completion_tokens", answer.completionTokens())
                .put("total_tokens", answer.promptTokens() + answer.completionTokens());
    }

    private static Buffer event(JsonObject data) {
        return Buffer.buffer("data: ").appendBuffer(data.toBuffer()).appendString("\n\n");
    }
}
