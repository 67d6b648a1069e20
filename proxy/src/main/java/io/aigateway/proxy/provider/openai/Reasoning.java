package io.aigateway.proxy.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
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
 *       Claude (on Bedrock) and Gemini (its {@code thoughtSignature}) need back in the next turn of a tool round
 *       trip.</li>
 * </ul>
 *
 * <p>Each provider refuses the other's signatures, and failover can send one client's history to either, so a
 * signature says whose it is: Gemini's carry the mark {@value #GEMINI_MARK} (not a base64 character, so no Claude
 * signature starts with it) and go back to Gemini only; Claude's travel as Claude wrote them, as they are valid on
 * every platform serving Claude (Anthropic, Bedrock, Vertex AI) and the Anthropic pass-through forwards them as is.
 */
public final class Reasoning {

    public static final String BUDGET = "reasoning_budget_tokens";
    public static final String CONTENT = "reasoning_content";
    public static final String SIGNATURE = "reasoning_signature";
    /** The mark in front of a Gemini {@code thoughtSignature} in {@link #SIGNATURE}. */
    public static final String GEMINI_MARK = "gemini:";

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

    /** A Gemini {@code thoughtSignature} as the {@link #SIGNATURE} a client keeps. */
    public static String fromGemini(String thoughtSignature) {
        return GEMINI_MARK + thoughtSignature;
    }

    /** Whether a {@link #SIGNATURE} is Gemini's ({@link #fromGemini}), which no Claude target takes. */
    public static boolean isGemini(String signature) {
        return signature != null && signature.startsWith(GEMINI_MARK);
    }

    /** Gemini's {@code thoughtSignature} in a {@link #SIGNATURE}; null when it is not Gemini's, or missing. */
    public static String geminiSignature(JsonNode signature) {
        return signature != null && signature.isTextual() && isGemini(signature.asText())
                && signature.asText().length() > GEMINI_MARK.length()
                ? signature.asText().substring(GEMINI_MARK.length()) : null;
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
