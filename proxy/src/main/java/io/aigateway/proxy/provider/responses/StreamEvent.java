package io.aigateway.proxy.provider.responses;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One streamed event's data, all the types the translator reads in one shape: {@code response.created},
 * {@code response.completed}, {@code response.incomplete}, {@code response.failed} (response);
 * {@code response.output_item.added} and {@code .done} (outputIndex, item); {@code response.output_text.delta},
 * {@code response.refusal.delta} and {@code response.function_call_arguments.delta} (outputIndex, itemId, delta);
 * {@code error} (code, message, param; or, in some servers, an error object).
 */
public record StreamEvent(
        String type,
        @JsonProperty("sequence_number") Long sequenceNumber,
        Response response,
        @JsonProperty("output_index") Integer outputIndex,
        @JsonProperty("item_id") String itemId,
        OutputItem item,
        String delta,
        String code,
        String message,
        String param,
        ErrorDetail error) {

    public static final String CREATED = "response.created";
    public static final String COMPLETED = "response.completed";
    public static final String INCOMPLETE = "response.incomplete";
    public static final String FAILED = "response.failed";
    public static final String OUTPUT_ITEM_ADDED = "response.output_item.added";
    public static final String OUTPUT_ITEM_DONE = "response.output_item.done";
    public static final String OUTPUT_TEXT_DELTA = "response.output_text.delta";
    public static final String REFUSAL_DELTA = "response.refusal.delta";
    public static final String FUNCTION_CALL_ARGUMENTS_DELTA = "response.function_call_arguments.delta";
    public static final String REASONING_SUMMARY_TEXT_DELTA = "response.reasoning_summary_text.delta";
    public static final String ERROR = "error";
}
