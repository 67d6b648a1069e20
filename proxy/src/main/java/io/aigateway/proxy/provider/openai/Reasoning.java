package io.aigateway.proxy.provider.openai;

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

    private Reasoning() {
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
