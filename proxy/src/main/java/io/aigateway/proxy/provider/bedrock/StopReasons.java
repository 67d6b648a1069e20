package io.aigateway.proxy.provider.bedrock;

/** Bedrock {@code stopReason} values as OpenAI {@code finish_reason}. */
public final class StopReasons {

    private StopReasons() {
    }

    /**
     * {@code end_turn} and {@code stop_sequence} → stop; {@code max_tokens} and
     * {@code model_context_window_exceeded} → length; {@code tool_use} → tool_calls;
     * {@code guardrail_intervened} and {@code content_filtered} → content_filter; anything else → stop.
     */
    public static String toOpenAi(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "guardrail_intervened", "content_filtered" -> "content_filter";
            default -> "stop";
        };
    }
}
