package io.aigateway.proxy.provider.responses;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One item of a response's {@code output}: a {@code message} (role, content parts) or a {@code function_call}
 * (callId, name, arguments as a JSON string) or {@code reasoning} (its summary parts). Other types (built-in tool
 * calls) are read and skipped.
 */
public record OutputItem(
        String type,
        String id,
        String status,
        String role,
        List<ContentPart> content,
        @JsonProperty("call_id") String callId,
        String name,
        String arguments,
        List<SummaryPart> summary) {

    public static final String MESSAGE = "message";
    public static final String FUNCTION_CALL = "function_call";
    public static final String REASONING = "reasoning";

    /** A part of a reasoning item's summary: {@code summary_text}. */
    public record SummaryPart(String type, String text) {
    }

    /** A part of a message: {@code output_text} (text) or {@code refusal} (refusal). */
    public record ContentPart(String type, String text, String refusal) {

        public static final String OUTPUT_TEXT = "output_text";
        public static final String REFUSAL = "refusal";
    }
}
