package io.aigateway.proxy.provider.openai;

import java.util.List;

/**
 * How reasoning travels in the Chat Completions shape that Anthropic clients' requests pass through on their way to
 * another provider (Anthropic → Chat Completions → the target). Chat Completions has {@code reasoning_effort} only,
 * so the gateway adds, as DeepSeek, vLLM and other OpenAI-compatible servers do, fields of its own:
 * <ul>
 *   <li>request: {@link #BUDGET} {@code reasoning_budget_tokens}, the token budget Anthropic's {@code thinking} asks
 *       for, next to {@code reasoning_effort}; sent only to translators that read it (Bedrock, Gemini);</li>
 *   <li>assistant message (request and answer) and stream delta: {@link #CONTENT} {@code reasoning_content}, the
 *       reasoning text, and {@link #SIGNATURE} {@code reasoning_signature}, the provider's signature over it, which
 *       Claude on Bedrock needs back with the reasoning in the next turn of a tool round trip.</li>
 * </ul>
 */
public final class Reasoning {

    public static final String BUDGET = "reasoning_budget_tokens";
    public static final String CONTENT = "reasoning_content";
    public static final String SIGNATURE = "reasoning_signature";

    /** OpenAI's chat models without reasoning, which refuse {@code reasoning_effort}. */
    private static final List<String> OPENAI_WITHOUT_REASONING = List.of("gpt-4", "gpt-3.5", "chatgpt-");

    private Reasoning() {
    }

    /**
     * Whether an {@code openai} target's model takes {@code reasoning_effort}: all but OpenAI's chat models without
     * reasoning ({@code gpt-4…}, {@code gpt-3.5…}, {@code chatgpt-…}), so that reasoning models added later take it.
     */
    public static boolean openAiModelReasons(String model) {
        return model == null || OPENAI_WITHOUT_REASONING.stream().noneMatch(model::startsWith);
    }

    /**
     * OpenAI's {@code reasoning_effort} for a thinking budget: below 4,096 tokens {@code low}, below 16,384
     * {@code medium}, else {@code high}.
     */
    public static String effort(long budgetTokens) {
        if (budgetTokens < 4096) {
            return "low";
        }
        return budgetTokens < 16384 ? "medium" : "high";
    }
}
