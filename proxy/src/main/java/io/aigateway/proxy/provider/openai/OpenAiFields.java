package io.aigateway.proxy.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.translation.TranslationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the fields of an OpenAI Chat Completions request, for translators to other APIs: each refuses what it
 * cannot read with a {@link TranslationException} naming the field. Messages that name the target are the caller's.
 */
public final class OpenAiFields {

    private OpenAiFields() {
    }

    /** Set and not JSON {@code null}. */
    public static boolean present(JsonNode node) {
        return node != null && !node.isNull();
    }

    public static void refuseIfPresent(ObjectNode in, String field, String message) {
        if (present(in.get(field))) {
            throw new TranslationException(field, message);
        }
    }

    /** Refuses {@code n} other than 1, for targets that return one answer; {@code target} names them in the message. */
    public static void refuseSeveralChoices(ObjectNode in, String target) {
        JsonNode n = in.get("n");
        if (present(n) && !(n.isIntegralNumber() && n.asInt() == 1)) {
            throw new TranslationException("n", "n must be 1 for this target (" + target + " returns one answer)");
        }
    }

    /** Refuses the deprecated {@code functions} and {@code function_call}, which tools and tool_choice replaced. */
    public static void refuseLegacyFunctions(ObjectNode in) {
        refuseIfPresent(in, "functions", "functions is deprecated and not translated; use tools");
        refuseIfPresent(in, "function_call", "function_call is deprecated and not translated; use tool_choice");
    }

    /** Refuses {@code logprobs: true} and {@code top_logprobs > 0}, both with {@code message}. */
    public static void refuseLogprobs(ObjectNode in, String message) {
        if (in.path("logprobs").asBoolean(false)) {
            throw new TranslationException("logprobs", message);
        }
        JsonNode topLogprobs = in.get("top_logprobs");
        if (present(topLogprobs) && topLogprobs.asInt() > 0) {
            throw new TranslationException("top_logprobs", message);
        }
    }

    /** Refuses {@code modalities} other than {@code text}; {@code target} names the target in the message. */
    public static void refuseNonTextModalities(ObjectNode in, String target) {
        JsonNode modalities = in.get("modalities");
        if (present(modalities)) {
            for (JsonNode modality : modalities) {
                if (!"text".equals(modality.asText())) {
                    throw new TranslationException("modalities",
                            "this target (" + target + ") answers with text only, not " + modality.asText());
                }
            }
        }
    }

    /** {@code max_completion_tokens}, else {@code max_tokens}; null when neither is set. */
    public static Integer maxTokens(ObjectNode in) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = in.get(field);
            if (present(value)) {
                if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1) {
                    throw new TranslationException(field, field + " must be a positive integer");
                }
                return value.asInt();
            }
        }
        return null;
    }

    /** Copies a number field to the same name in {@code out} when it is set. */
    public static void copyNumber(ObjectNode in, String field, ObjectNode out) {
        JsonNode value = in.get(field);
        if (!present(value)) {
            return;
        }
        if (!value.isNumber()) {
            throw new TranslationException(field, field + " must be a number");
        }
        out.set(field, value.deepCopy());
    }

    /** Whether a streaming client asked for a final usage chunk ({@code stream_options.include_usage}). */
    public static boolean includeUsage(ObjectNode in, boolean stream) {
        JsonNode options = in.get("stream_options");
        return stream && options != null && options.path("include_usage").asBoolean(false);
    }

    /** The {@code messages} array. */
    public static JsonNode messages(ObjectNode in) {
        JsonNode messages = in.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new TranslationException("messages", "messages must be an array");
        }
        return messages;
    }

    /** A message's role: {@code system}, {@code developer}, {@code user}, {@code assistant} or {@code tool}. */
    public static String role(JsonNode message, String field) {
        if (message == null || !message.isObject()) {
            throw new TranslationException(field, "a message must be an object");
        }
        String role = message.path("role").asText("");
        switch (role) {
            case "system", "developer", "user", "assistant", "tool" -> {
                return role;
            }
            case "function" -> throw new TranslationException(field + ".role",
                    "function messages are deprecated and not translated; use tool messages");
            default -> throw new TranslationException(field + ".role", "unknown message role " + role);
        }
    }

    /** A {@code tool} message's {@code tool_call_id}. */
    public static String toolCallId(JsonNode message, String field) {
        JsonNode id = message.get("tool_call_id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new TranslationException(field + ".tool_call_id", "a tool message needs tool_call_id");
        }
        return id.asText();
    }

    /** The texts of a string or of an array of text (or refusal) parts. */
    public static List<String> texts(JsonNode content, String field) {
        if (content.isTextual()) {
            return List.of(content.asText());
        }
        if (!content.isArray()) {
            throw new TranslationException(field, "content must be a string or an array of text parts");
        }
        List<String> texts = new ArrayList<>(content.size());
        for (int k = 0; k < content.size(); k++) {
            JsonNode part = content.get(k);
            String type = part.path("type").asText("");
            if ("text".equals(type) || "refusal".equals(type)) {
                texts.add(part.path(type).asText(""));
            } else {
                throw new TranslationException(field + "[" + k + "].type",
                        "only text parts are allowed here, not " + type);
            }
        }
        return texts;
    }

    /**
     * An assistant message's {@code tool_calls}: empty when absent, refused unless an array of objects.
     */
    public static List<JsonNode> toolCalls(JsonNode message, String field) {
        JsonNode calls = message.get("tool_calls");
        if (!present(calls)) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw new TranslationException(field + ".tool_calls", "tool_calls must be an array");
        }
        List<JsonNode> list = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            if (!calls.get(i).isObject()) {
                throw new TranslationException(field + ".tool_calls[" + i + "]", "a tool call must be an object");
            }
            list.add(calls.get(i));
        }
        return list;
    }

    /**
     * An assistant message's tool call, checked: a function call with an id and a name.
     *
     * @return its {@code function}
     */
    public static JsonNode toolCallFunction(JsonNode call, String field) {
        if (!"function".equals(call.path("type").asText("function"))) {
            throw new TranslationException(field + ".type", "only function tool calls can be translated");
        }
        JsonNode id = call.get("id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw new TranslationException(field + ".id", "a tool call needs an id");
        }
        JsonNode function = call.path("function");
        if (!function.path("name").isTextual()) {
            throw new TranslationException(field + ".function.name", "a tool call needs a name");
        }
        return function;
    }

    /** A function tool's {@code function}, which must have a name; {@code field} is the tool's. */
    public static JsonNode function(JsonNode tool, String field) {
        JsonNode function = tool.get("function");
        if (function == null || !function.path("name").isTextual()) {
            throw new TranslationException(field + ".function.name", "a function tool needs a name");
        }
        return function;
    }

    /** A copy of a function's {@code parameters} schema; null when it has none. */
    public static ObjectNode parameters(JsonNode function, String field) {
        JsonNode parameters = function.get("parameters");
        if (!present(parameters)) {
            return null;
        }
        if (!parameters.isObject()) {
            throw new TranslationException(field + ".function.parameters", "parameters must be an object");
        }
        return parameters.deepCopy();
    }
}
