package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One streamed event's data, all event types in one shape: {@code message_start} (message),
 * {@code content_block_start} (index, contentBlock), {@code content_block_delta} (index, delta),
 * {@code content_block_stop} (index), {@code message_delta} (delta, usage), {@code message_stop}, {@code ping},
 * {@code error} (error).
 */
public record StreamEvent(
        String type,
        MessageResponse message,
        Integer index,
        @JsonProperty("content_block") ContentBlock contentBlock,
        Delta delta,
        Usage usage,
        ErrorBody.Detail error) {

    public static final String MESSAGE_START = "message_start";
    public static final String CONTENT_BLOCK_START = "content_block_start";
    public static final String CONTENT_BLOCK_DELTA = "content_block_delta";
    public static final String CONTENT_BLOCK_STOP = "content_block_stop";
    public static final String MESSAGE_DELTA = "message_delta";
    public static final String MESSAGE_STOP = "message_stop";
    public static final String PING = "ping";
    public static final String ERROR = "error";

    /**
     * A block delta ({@code text_delta} with text, {@code input_json_delta} with partialJson; others such as
     * {@code thinking_delta} are skipped) or, in {@code message_delta}, the stop reason.
     */
    public record Delta(
            String type,
            String text,
            @JsonProperty("partial_json") String partialJson,
            @JsonProperty("stop_reason") String stopReason,
            @JsonProperty("stop_sequence") String stopSequence) {

        public static final String TEXT_DELTA = "text_delta";
        public static final String INPUT_JSON_DELTA = "input_json_delta";
        public static final String THINKING_DELTA = "thinking_delta";
        public static final String SIGNATURE_DELTA = "signature_delta";
    }
}
