package io.aigateway.proxy.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;

/**
 * A stand-in for {@code POST https://api.anthropic.com/v1/messages} that checks each request against the Messages
 * API's documented rules and refuses, in Anthropic's error format
 * ({@code {"type":"error","error":{"type","message"}}}),
 * what Anthropic would refuse: 401 for a missing or wrong {@code x-api-key}, 400 for the rest. A valid request gets
 * the answer the test plugs in. A {@code thinking} block must carry a signature of Claude's (base64, as Claude
 * issues them).
 */
public final class StrictAnthropic extends StrictFake<StrictAnthropic> {

    /** The top-level fields the Messages API accepts; any other is "Extra inputs are not permitted". */
    private static final Set<String> FIELDS = Set.of("model", "messages", "max_tokens", "system", "temperature",
            "top_p", "top_k", "stop_sequences", "stream", "tools", "tool_choice", "metadata", "thinking",
            "service_tier", "container", "mcp_servers");
    private static final Set<String> BLOCKS = Set.of("text", "image", "document", "tool_use", "tool_result",
            "thinking", "redacted_thinking");

    private final String apiKey;

    private StrictAnthropic(FakeUpstream fake, String apiKey) {
        super(fake);
        this.apiKey = apiKey;
    }

    public static StrictAnthropic start(Vertx vertx, String apiKey) throws Exception {
        StrictAnthropic strict = new StrictAnthropic(FakeUpstream.start(vertx, "anthropic"), apiKey);
        strict.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(message("msg_default", "Hello from Claude", "end_turn", usage(10, 5, 0)).encode()));
        return strict;
    }

    /** Why Anthropic would refuse, with its status and error type; null for a valid request. */
    public record Refusal(int status, String type, String message) implements ErrorReply {
        @Override
        public void send(HttpServerResponse resp) {
            resp.setStatusCode(status).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("type", "error").put("error",
                            new JsonObject().put("type", type).put("message", message)).encode());
        }
    }

    private static Refusal bad(String message) {
        return new Refusal(400, "invalid_request_error", message);
    }

    @Override
    Refusal check(HttpServerRequest req, Buffer body) {
        if (!"POST".equals(req.method().name()) || !"/v1/messages".equals(req.path())) {
            return new Refusal(404, "not_found_error", "Not found: " + req.method() + " " + req.path());
        }
        if (req.getHeader("x-api-key") == null || req.getHeader("Authorization") != null) {
            return new Refusal(401, "authentication_error", "x-api-key header is required");
        }
        if (!apiKey.equals(req.getHeader("x-api-key"))) {
            return new Refusal(401, "authentication_error", "invalid x-api-key");
        }
        if (req.getHeader("anthropic-version") == null) {
            return bad("anthropic-version: header is required");
        }
        String type = req.getHeader("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return bad("Content-Type must be application/json");
        }
        JsonObject json;
        try {
            json = new JsonObject(body);
        } catch (DecodeException | ClassCastException e) {
            return bad("The request body is not valid JSON");
        }
        for (String field : json.fieldNames()) {
            if (!FIELDS.contains(field)) {
                return bad(field + ": Extra inputs are not permitted");
            }
        }
        if (!(json.getValue("model") instanceof String model) || model.isEmpty()) {
            return bad("model: Field required");
        }
        if (!(json.getValue("max_tokens") instanceof Integer || json.getValue("max_tokens") instanceof Long)
                || json.getLong("max_tokens") < 1) {
            return bad("max_tokens: Field required");
        }
        Object system = json.getValue("system");
        if (system != null && !(system instanceof String) && !(system instanceof JsonArray)) {
            return bad("system: Input should be a valid string or list");
        }
        if (json.containsKey("stream") && !(json.getValue("stream") instanceof Boolean)) {
            return bad("stream: Input should be a valid boolean");
        }
        Object choice = json.getValue("tool_choice");
        if (choice != null && !(choice instanceof JsonObject o
                && Set.of("auto", "any", "tool", "none").contains(o.getString("type", "")))) {
            return bad("tool_choice: Input should be an object with type auto, any, tool or none");
        }
        Set<String> toolNames = new HashSet<>();
        if (json.getValue("tools") != null) {
            if (!(json.getValue("tools") instanceof JsonArray tools)) {
                return bad("tools: Input should be a valid list");
            }
            for (int i = 0; i < tools.size(); i++) {
                if (!(tools.getValue(i) instanceof JsonObject tool) || !(tool.getValue("name") instanceof String)
                        || !(tool.getValue("input_schema") instanceof JsonObject schema)
                        || !"object".equals(schema.getString("type")) || tool.containsKey("function")) {
                    return bad("tools." + i + ": each tool needs a name and an input_schema of type object");
                }
                toolNames.add(tool.getString("name"));
            }
        }
        return checkMessages(json.getValue("messages"), toolNames);
    }

    private static Refusal checkMessages(Object value, Set<String> toolNames) {
        if (!(value instanceof JsonArray messages) || messages.isEmpty()) {
            return bad("messages: Field required");
        }
        Set<String> pendingToolUses = new HashSet<>();
        String previousRole = null;
        for (int i = 0; i < messages.size(); i++) {
            String at = "messages." + i;
            if (!(messages.getValue(i) instanceof JsonObject message)) {
                return bad(at + ": Input should be an object");
            }
            String role = message.getString("role", "");
            if (!role.equals("user") && !role.equals("assistant")) {
                return bad(at + ".role: Input should be 'user' or 'assistant'");
            }
            if (previousRole == null && !role.equals("user")) {
                return bad("messages: first message must use the \"user\" role");
            }
            if (role.equals(previousRole)) {
                return bad("messages: roles must alternate between \"user\" and \"assistant\"");
            }
            previousRole = role;
            Object content = message.getValue("content");
            Set<String> toolUses = new HashSet<>();
            Set<String> toolResults = new HashSet<>();
            if (content instanceof JsonArray blocks) {
                if (blocks.isEmpty() && !(role.equals("assistant") && i == messages.size() - 1)) {
                    return bad(at + ": all messages must have non-empty content");
                }
                for (int k = 0; k < blocks.size(); k++) {
                    String bt = at + ".content." + k;
                    if (!(blocks.getValue(k) instanceof JsonObject block)
                            || !BLOCKS.contains(block.getString("type", ""))) {
                        return bad(bt + ".type: Input tag does not match any of the expected tags");
                    }
                    switch (block.getString("type")) {
                        case "text" -> {
                            if (!(block.getValue("text") instanceof String text) || text.isEmpty()) {
                                return bad(bt + ": text content blocks must be non-empty");
                            }
                        }
                        case "tool_use" -> {
                            if (!role.equals("assistant") || !(block.getValue("id") instanceof String id)
                                    || !(block.getValue("name") instanceof String name)
                                    || !(block.getValue("input") instanceof JsonObject)) {
                                return bad(bt + ": tool_use needs id, name and an input object in an assistant turn");
                            }
                            if (!toolNames.contains(name)) {
                                return bad(bt + ": tool_use names a tool that is not defined: " + name);
                            }
                            toolUses.add(id);
                        }
                        case "tool_result" -> {
                            if (k != toolResults.size()) {
                                return bad(at + ": tool_result blocks must come first in the content array, "
                                        + "before any other block");
                            }
                            if (!role.equals("user") || !(block.getValue("tool_use_id") instanceof String id)) {
                                return bad(bt + ": tool_result needs tool_use_id in a user turn");
                            }
                            if (!pendingToolUses.contains(id)) {
                                return bad(bt + ": unexpected `tool_use_id` found in `tool_result` blocks: " + id
                                        + ". Each `tool_result` block must have a corresponding `tool_use` block "
                                        + "in the previous message.");
                            }
                            toolResults.add(id);
                        }
                        case "thinking" -> {
                            if (!role.equals("assistant") || !(block.getValue("thinking") instanceof String)
                                    || !(block.getValue("signature") instanceof String signature)
                                    || !base64(signature)) {
                                return bad(bt + ": Invalid `signature` in `thinking` block");
                            }
                        }
                        default -> {
                        }
                    }
                }
            } else if (!(content instanceof String text) || text.isEmpty()) {
                return bad(at + ": all messages must have non-empty content");
            }
            if (role.equals("user") && !toolResults.containsAll(pendingToolUses)) {
                return bad("messages." + i + ": `tool_use` ids were found without `tool_result` blocks "
                        + "immediately after: " + pendingToolUses);
            }
            pendingToolUses = toolUses;
        }
        return null;
    }

    // ---------------------------------------------------------------- answers, in the documented shapes

    public static JsonObject usage(long input, long output, long cacheRead) {
        return new JsonObject().put("input_tokens", input).put("output_tokens", output)
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", cacheRead);
    }

    public static JsonObject message(String id, String text, String stopReason, JsonObject usage) {
        return message(id, new JsonArray().add(new JsonObject().put("type", "text").put("text", text)), stopReason,
                usage);
    }

    public static JsonObject message(String id, JsonArray content, String stopReason, JsonObject usage) {
        return new JsonObject().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", "claude-sonnet-4-5-20250929").put("content", content).put("stop_reason", stopReason)
                .putNull("stop_sequence").put("usage", usage);
    }

    public static JsonObject toolUse(String id, String name, JsonObject input) {
        return new JsonObject().put("type", "tool_use").put("id", id).put("name", name).put("input", input);
    }

    /** One server-sent event as Anthropic writes it: the event name, then the data line. */
    public static String event(JsonObject data) {
        return "event: " + data.getString("type") + "\ndata: " + data.encode() + "\n\n";
    }
}
