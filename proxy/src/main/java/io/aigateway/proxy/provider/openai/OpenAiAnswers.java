package io.aigateway.proxy.provider.openai;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAI Chat Completions answer as every translator returns it: the {@code chat.completion}, its choices and
 * {@code usage} (also the usage of a stream's last chunk, see {@link OpenAiChunks}). Built here only, so that every
 * provider's answer has the same fields in the same order. Callers serialise and send it.
 */
public final class OpenAiAnswers {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OpenAiAnswers() {
    }

    /** A {@code chat.completion} without choices yet; add them with {@link #choice}, then set {@code usage}. */
    public static ObjectNode completion(String id, long created, String model) {
        ObjectNode completion = NODES.objectNode();
        completion.put("id", id);
        completion.put("object", "chat.completion");
        completion.put("created", created);
        completion.put("model", model);
        completion.putArray("choices");
        return completion;
    }

    /** Appends a choice to a {@link #completion}: its index, the message, {@code logprobs:null}, the finish reason. */
    public static void choice(ObjectNode completion, int index, ObjectNode message, String finishReason) {
        ObjectNode choice = completion.withArray("choices").addObject();
        choice.put("index", index);
        choice.set("message", message);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
    }

    /**
     * The {@code usage} object.
     *
     * @param prompt prompt tokens, cached ones included (OpenAI counts them in)
     * @param reasoning reasoning tokens, or null for a provider that does not report them (no
     *     {@code completion_tokens_details} then)
     */
    public static ObjectNode usage(long prompt, long completion, long total, long cached, Long reasoning) {
        ObjectNode usage = NODES.objectNode();
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", total);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cached);
        if (reasoning != null) {
            usage.putObject("completion_tokens_details").put("reasoning_tokens", reasoning);
        }
        return usage;
    }
}
